//! Offers and the catalogue search. Providers keep their own offers (draft, published,
//! archived; only an approved provider publishes). The search runs on SQLite FTS5 or on
//! PostgreSQL full-text search behind one function with one results contract: both index the
//! same folded text (lower case, no diacritics, punctuation as spaces) and match every query
//! word as a prefix, so "muziek" finds "Muziektheater" and "theatre" finds "Théâtre".

use crate::market::weborders::provider_is_approved;
use crate::platform::audit;
use crate::platform::db::money;
use crate::platform::db::{int, opt_int, placeholders, text, Backend, Tx};
use crate::platform::state::AppState;
use domain::error::Problem;
use domain::failure::internal;
use domain::offer::{
    fold, Discipline, NewOffer, OfferFormat, OfferImage, OfferRow, OfferStatus, PriceUnit, Region, SearchQuery, SortOrder,
    SEARCH_COUNT_CAP,
};
use domain::time::local_date;
use domain::{AppError, LocationId, Page, PageRequest, PersonId, ProviderId};
use sqlx::any::AnyRow;

/// Results per catalogue page.
pub const PER_PAGE: u32 = 20;

/// cos(latitude) in thousandths for each whole degree, for distances with integer arithmetic
/// (an equirectangular approximation: well within a percent at Dutch distances).
const COS_PER_MILLE: [i64; 91] = [
    1000, 1000, 999, 999, 998, 996, 995, 993, 990, 988, 985, 982, 978, 974, 970, 966, 961, 956, 951, 946, 940, 934, 927, 921,
    914, 906, 899, 891, 883, 875, 866, 857, 848, 839, 829, 819, 809, 799, 788, 777, 766, 755, 743, 731, 719, 707, 695, 682, 669,
    656, 643, 629, 616, 602, 588, 574, 559, 545, 530, 515, 500, 485, 469, 454, 438, 423, 407, 391, 375, 358, 342, 326, 309, 292,
    276, 259, 242, 225, 208, 191, 174, 156, 139, 122, 105, 87, 70, 52, 35, 17, 0,
];

/// Metres per micro-degree of latitude, times 100,000.
const METRES_PER_MICRO_DEGREE_E5: i64 = 11_132;

fn cos_per_mille(lat_e6: i64) -> i64 {
    let degree = usize::try_from((lat_e6 / 1_000_000).abs()).unwrap_or(90).min(90);
    COS_PER_MILLE.get(degree).copied().unwrap_or(0)
}

const OFFER_SELECT: &str =
    "SELECT o.id, o.provider_id, pr.name AS provider_name, o.title, o.description, o.disciplines, o.levels,
    o.format, o.street, o.postcode, o.city, o.region, o.lat_e6, o.lon_e6, o.duration_minutes, o.price_cents, o.price_unit,
    o.capacity, o.on_request, o.wheelchair, o.accessibility, o.status";

/// The squared distance in micro-degrees of latitude from `from` to `to`, as the search's SQL
/// computes it (the longitude difference scaled by cos(latitude) at `from`).
fn squared_distance((lat, lon): (i64, i64), (to_lat, to_lon): (i64, i64)) -> i64 {
    let dlat = to_lat - lat;
    let dlon = (to_lon - lon) * cos_per_mille(lat) / 1000;
    dlat * dlat + dlon * dlon
}

fn codes<T>(list: &str, read: impl Fn(&str) -> Option<T>) -> Vec<T> {
    list.split(',').filter_map(read).collect()
}

fn offer_from_row(r: &AnyRow, distance2: Option<i64>) -> Result<OfferRow, AppError> {
    let bad = |what: &str| internal(format!("offer {what}"));
    Ok(OfferRow {
        id: int(r, "id")?,
        provider_id: ProviderId(int(r, "provider_id")?),
        provider_name: text(r, "provider_name")?,
        title: text(r, "title")?,
        description: text(r, "description")?,
        disciplines: codes(&text(r, "disciplines")?, Discipline::from_code),
        levels: codes(&text(r, "levels")?, |l| l.parse().ok()),
        format: OfferFormat::from_code(&text(r, "format")?).ok_or_else(|| bad("format"))?,
        street: text(r, "street")?,
        postcode: text(r, "postcode")?,
        city: text(r, "city")?,
        region: Region::from_code(&text(r, "region")?).ok_or_else(|| bad("region"))?,
        lat_e6: opt_int(r, "lat_e6")?,
        lon_e6: opt_int(r, "lon_e6")?,
        duration_minutes: int(r, "duration_minutes")?,
        price: money(int(r, "price_cents")?)?,
        price_unit: PriceUnit::from_code(&text(r, "price_unit")?).ok_or_else(|| bad("price unit"))?,
        capacity: int(r, "capacity")?,
        on_request: int(r, "on_request")? == 1,
        dates: Vec::new(),
        wheelchair: int(r, "wheelchair")? == 1,
        accessibility: text(r, "accessibility")?,
        status: OfferStatus::from_code(&text(r, "status")?).ok_or_else(|| bad("status"))?,
        distance_m: distance2.map(|d2| d2.max(0).isqrt() * METRES_PER_MICRO_DEGREE_E5 / 100_000),
        images: Vec::new(),
    })
}

/// The text both search backends index for an offer.
fn search_text(o: &NewOffer, provider_name: &str) -> String {
    fold(&format!("{} {} {} {}", o.title, o.description, provider_name, o.city))
}

async fn provider_name(tx: &mut Tx, provider: ProviderId) -> Result<String, AppError> {
    let r = sqlx::query("SELECT name FROM providers WHERE id = $1").bind(provider.0).fetch_one(&mut **tx).await?;
    text(&r, "name").map_err(internal)
}

async fn write_details(tx: &mut Tx, backend: Backend, id: i64, o: &NewOffer, search: &str) -> Result<(), AppError> {
    for table in ["offer_disciplines", "offer_levels", "offer_dates"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE offer_id = $1")).bind(id).execute(&mut **tx).await?;
    }
    for d in &o.disciplines {
        sqlx::query("INSERT INTO offer_disciplines (offer_id, discipline) VALUES ($1, $2)")
            .bind(id)
            .bind(d.code())
            .execute(&mut **tx)
            .await?;
    }
    for l in &o.levels {
        sqlx::query("INSERT INTO offer_levels (offer_id, level) VALUES ($1, $2)").bind(id).bind(*l).execute(&mut **tx).await?;
    }
    for d in &o.dates {
        sqlx::query("INSERT INTO offer_dates (offer_id, date) VALUES ($1, $2)").bind(id).bind(d).execute(&mut **tx).await?;
    }
    if backend == Backend::Sqlite {
        sqlx::query("DELETE FROM offers_fts WHERE rowid = $1").bind(id).execute(&mut **tx).await?;
        sqlx::query("INSERT INTO offers_fts (rowid, search_text) VALUES ($1, $2)")
            .bind(id)
            .bind(search)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Which offers [`refresh_search`] writes again.
#[derive(Clone, Copy, Debug)]
pub enum Searchable {
    Offer(i64),
    Provider(ProviderId),
    /// Every offer (after a bulk load).
    All,
}

/// Writes the search rows of the offers of `scope` as teachers may find them now: a row for
/// each published offer of an approved provider, none for the others. Runs in the
/// transaction that changed the offer or its provider.
#[tracing::instrument(skip_all)]
pub async fn refresh_search(tx: &mut Tx, backend: Backend, scope: Searchable) -> Result<(), AppError> {
    let (condition, value) = match scope {
        Searchable::Offer(id) => ("o.id = $1", id),
        Searchable::Provider(p) => ("o.provider_id = $1", p.0),
        Searchable::All => ("o.id >= $1", i64::MIN),
    };
    sqlx::query(&format!("DELETE FROM offer_search WHERE id IN (SELECT o.id FROM offers o WHERE {condition})"))
        .bind(value)
        .execute(&mut **tx)
        .await?;
    // PostgreSQL also keeps the facets for its GIN index and the text's vector.
    let (columns, values) = match backend {
        Backend::Sqlite => ("", ""),
        Backend::Postgres => (
            ", facets, search_vector",
            ", ARRAY(SELECT 'discipline:' || d.discipline FROM offer_disciplines d WHERE d.offer_id = o.id)
                 || ARRAY(SELECT 'level:' || l.level FROM offer_levels l WHERE l.offer_id = o.id),
               to_tsvector('simple', o.search_text)",
        ),
    };
    sqlx::query(&format!(
        "INSERT INTO offer_search (id, price_cents, on_request, wheelchair, lat_e6, lon_e6, region, format, first_date, last_date{columns})
         SELECT o.id, o.price_cents, o.on_request, o.wheelchair, o.lat_e6, o.lon_e6, o.region, o.format, o.first_date, o.last_date{values}
         FROM offers o JOIN providers pr ON pr.id = o.provider_id
         WHERE {condition} AND o.status = 'published' AND pr.status = 'approved'"
    ))
    .bind(value)
    .execute(&mut **tx)
    .await
    ?;
    Ok(())
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds the offer's own fields, title to accessibility, in the order of the columns that
/// both the insert and the update list.
fn bind_fields<'q>(q: AnyQuery<'q>, o: &'q NewOffer, disciplines: &'q str, levels: &'q str) -> AnyQuery<'q> {
    q.bind(&o.title)
        .bind(&o.description)
        .bind(disciplines)
        .bind(levels)
        .bind(o.format.code())
        .bind(&o.street)
        .bind(&o.postcode)
        .bind(&o.city)
        .bind(o.region.code())
        .bind(o.lat_e6)
        .bind(o.lon_e6)
        .bind(o.duration_minutes)
        .bind(o.price.cents())
        .bind(o.price_unit.code())
        .bind(o.capacity)
        .bind(i64::from(o.dates.is_empty()))
        .bind(o.dates.first().cloned())
        .bind(o.dates.last().cloned())
        .bind(i64::from(o.wheelchair))
        .bind(&o.accessibility)
}

fn joined<T>(items: &[T], code: impl Fn(&T) -> String) -> String {
    items.iter().map(code).collect::<Vec<_>>().join(",")
}

/// Saves an offer of `provider`: a new draft when `id` is `None`, otherwise the provider's own
/// offer (its status stays). Returns the offer's id.
#[tracing::instrument(skip_all)]
pub async fn save(
    state: &AppState,
    actor: PersonId,
    provider: ProviderId,
    id: Option<i64>,
    o: &NewOffer,
) -> Result<i64, AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let name = provider_name(&mut tx, provider).await?;
    let search = search_text(o, &name);
    let disciplines = joined(&o.disciplines, |d| d.code().to_owned());
    let levels = joined(&o.levels, |l| l.to_string());
    let id = match id {
        None => {
            let insert = sqlx::query(
                "INSERT INTO offers (provider_id, title, description, disciplines, levels, format, street, postcode, city, region, lat_e6,
                    lon_e6, duration_minutes, price_cents, price_unit, capacity, on_request, first_date, last_date, wheelchair,
                    accessibility, status, search_text, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, 'draft', $22, $23, $23)
                 RETURNING id",
            )
            .bind(provider.0);
            let inserted = bind_fields(insert, o, &disciplines, &levels).bind(&search).bind(now).fetch_one(&mut *tx).await?;
            int(&inserted, "id")?
        }
        Some(id) => {
            let update = sqlx::query(
                "UPDATE offers SET title = $1, description = $2, disciplines = $3, levels = $4, format = $5, street = $6, postcode = $7,
                    city = $8, region = $9, lat_e6 = $10, lon_e6 = $11, duration_minutes = $12, price_cents = $13, price_unit = $14,
                    capacity = $15, on_request = $16, first_date = $17, last_date = $18, wheelchair = $19, accessibility = $20,
                    search_text = $21, updated_at = $22
                 WHERE id = $23 AND provider_id = $24",
            );
            let changed = bind_fields(update, o, &disciplines, &levels)
                .bind(&search)
                .bind(now)
                .bind(id)
                .bind(provider.0)
                .execute(&mut *tx)
                .await?;
            if changed.rows_affected() != 1 {
                return Err(AppError::NotFound);
            }
            id
        }
    };
    write_details(&mut tx, state.db.backend, id, o, &search).await?;
    refresh_search(&mut tx, state.db.backend, Searchable::Offer(id)).await?;
    audit::record(&mut tx, now, Some(actor), "offer_saved", "offer", Some(id), &o.title).await?;
    tx.commit().await?;
    Ok(id)
}

/// Publishes, archives or returns to draft one of the provider's offers. Only an approved
/// provider publishes.
#[tracing::instrument(skip_all)]
pub async fn set_status(
    state: &AppState,
    actor: PersonId,
    provider: ProviderId,
    id: i64,
    status: OfferStatus,
) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    if status == OfferStatus::Published && !provider_is_approved(&mut tx, provider).await? {
        return Err(AppError::Conflict(Problem::OfferNotPublishable));
    }
    let changed = sqlx::query("UPDATE offers SET status = $1, updated_at = $2 WHERE id = $3 AND provider_id = $4")
        .bind(status.code())
        .bind(now)
        .bind(id)
        .bind(provider.0)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    refresh_search(&mut tx, state.db.backend, Searchable::Offer(id)).await?;
    audit::record(&mut tx, now, Some(actor), "offer_status", "offer", Some(id), status.code()).await?;
    tx.commit().await?;
    Ok(())
}

/// One offer with its dates and images: any published offer of an approved provider, or the
/// provider's own offer in any state.
#[tracing::instrument(skip_all)]
pub async fn offer(state: &AppState, id: i64, own: Option<ProviderId>) -> Result<OfferRow, AppError> {
    let sql = format!(
        "{OFFER_SELECT}, pr.status AS provider_status FROM offers o JOIN providers pr ON pr.id = o.provider_id WHERE o.id = $1"
    );
    let r = sqlx::query(&sql).bind(id).fetch_optional(&state.db.pool).await?.ok_or(AppError::NotFound)?;
    let mut o = offer_from_row(&r, None)?;
    let public = o.status == OfferStatus::Published && text(&r, "provider_status")? == "approved";
    if !(public || own == Some(o.provider_id)) {
        return Err(AppError::NotFound);
    }
    o.dates = sqlx::query("SELECT date FROM offer_dates WHERE offer_id = $1 ORDER BY date")
        .bind(id)
        .fetch_all(&state.db.pool)
        .await?
        .iter()
        .map(|r| text(r, "date").map_err(internal))
        .collect::<Result<_, _>>()?;
    o.images = sqlx::query("SELECT id, alt_text FROM offer_images WHERE offer_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&state.db.pool)
        .await?
        .iter()
        .map(|r| Ok(OfferImage { id: int(r, "id")?, alt: text(r, "alt_text")? }))
        .collect::<Result<_, AppError>>()?;
    Ok(o)
}

/// The provider's own offers, newest first, optionally of one status.
#[tracing::instrument(skip_all)]
pub async fn own_offers(
    state: &AppState,
    provider: ProviderId,
    status: Option<OfferStatus>,
    page: PageRequest,
) -> Result<Page<OfferRow>, AppError> {
    let filter = if status.is_some() { "o.provider_id = $1 AND o.status = $2" } else { "o.provider_id = $1 AND $2 = $2" };
    let code = status.map(|s| s.code()).unwrap_or("");
    let total = int(
        &sqlx::query(&format!("SELECT COUNT(*) AS n FROM offers o WHERE {filter}"))
            .bind(provider.0)
            .bind(code)
            .fetch_one(&state.db.pool)
            .await?,
        "n",
    )?;
    let rows = sqlx::query(&format!(
        "{OFFER_SELECT} FROM offers o JOIN providers pr ON pr.id = o.provider_id WHERE {filter} ORDER BY o.id DESC LIMIT $3 OFFSET $4"
    ))
    .bind(provider.0)
    .bind(code)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&state.db.pool)
    .await
    ?;
    Ok(Page {
        rows: rows.iter().map(|r| offer_from_row(r, None)).collect::<Result<_, _>>()?,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// Where a location is, when known (micro-degrees).
#[tracing::instrument(skip_all)]
pub async fn location_position(state: &AppState, location: LocationId) -> Result<Option<(i64, i64)>, AppError> {
    let r =
        sqlx::query("SELECT lat_e6, lon_e6 FROM locations WHERE id = $1").bind(location.0).fetch_optional(&state.db.pool).await?;
    Ok(match r {
        Some(r) => opt_int(&r, "lat_e6")?.zip(opt_int(&r, "lon_e6")?),
        None => None,
    })
}

/// Positional arguments of a query being built, numbered as they are added.
#[derive(Clone, Default)]
struct Args {
    values: Vec<Arg>,
}

#[derive(Clone)]
enum Arg {
    Int(i64),
    Text(String),
}

impl Args {
    fn int(&mut self, v: i64) -> String {
        self.values.push(Arg::Int(v));
        format!("${}", self.values.len())
    }

    fn text(&mut self, v: impl Into<String>) -> String {
        self.values.push(Arg::Text(v.into()));
        format!("${}", self.values.len())
    }

    /// Binds the arguments added so far.
    fn bind<'q>(
        &'q self,
        mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        for v in &self.values {
            q = match v {
                Arg::Int(i) => q.bind(*i),
                Arg::Text(t) => q.bind(t.as_str()),
            };
        }
        q
    }
}

/// How a search orders by relevance.
enum Ranking {
    /// SQLite: the full-text table hands out the matches best first (FTS5's BM25); the page
    /// joins it with the search rows under this match condition.
    FullText(String),
    /// PostgreSQL: ranking reads each match's vector from its row, so only the first matches
    /// found, one past [`SEARCH_COUNT_CAP`], are ranked by `order` (and counted on the way).
    /// Beyond that many the catalogue shows "1000+" and pages through 1,000 of them; every
    /// one matches every word.
    Bounded(String),
}

/// Searches the published offers of approved providers. `origin` is the teacher's location,
/// for the distance filter and order. Pages hold [`PER_PAGE`] offers. The total counts up to
/// one past [`SEARCH_COUNT_CAP`]: more than the cap means "more than 1,000 results".
#[tracing::instrument(skip_all)]
pub async fn search(state: &AppState, q: &SearchQuery, origin: Option<(i64, i64)>) -> Result<Page<OfferRow>, AppError> {
    let backend = state.db.backend;
    let mut args = Args::default();
    // The search table holds exactly the offers teachers may find, with the columns filters
    // and orders read, under the offers' own names.
    let from = "offer_search o";
    let mut filters = Vec::new();
    // A text search's condition, and how a page ordered by relevance is read.
    let mut text_filter: Option<String> = None;
    let mut ranked: Option<Ranking> = None;
    if !q.terms.is_empty() {
        match backend {
            Backend::Sqlite => {
                // Counting and the other orders take the matches once as a list of rowids
                // (with the offers leading a join, SQLite would run the match once per offer).
                // Ordered by relevance the full-text table leads instead: FTS5 hands out its
                // matches best first, so the page reads offers only until it is full.
                let expr = q.terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" ");
                let p = args.text(expr);
                text_filter = Some(format!("o.id IN (SELECT rowid FROM offers_fts WHERE offers_fts MATCH {p})"));
                ranked = Some(Ranking::FullText(format!("offers_fts MATCH {p}")));
            }
            Backend::Postgres => {
                let expr = q.terms.iter().map(|t| format!("{t}:*")).collect::<Vec<_>>().join(" & ");
                let p = args.text(expr);
                text_filter = Some(format!("o.search_vector @@ to_tsquery('simple', {p})"));
                ranked = Some(Ranking::Bounded(format!("-ts_rank(o.search_vector, to_tsquery('simple', {p})), o.id")));
            }
        }
    }
    // Disciplines and levels: on PostgreSQL one GIN index over the facets answers both.
    if let Some(d) = q.discipline {
        let p = args.text(d.code());
        filters.push(match backend {
            Backend::Sqlite => format!("o.id IN (SELECT offer_id FROM offer_disciplines WHERE discipline = {p})"),
            Backend::Postgres => format!("o.facets @> ARRAY['discipline:' || CAST({p} AS TEXT)]"),
        });
    }
    if let Some(l) = q.level {
        let p = args.int(l);
        filters.push(match backend {
            Backend::Sqlite => format!("o.id IN (SELECT offer_id FROM offer_levels WHERE level = {p})"),
            Backend::Postgres => format!("o.facets @> ARRAY['level:' || CAST({p} AS TEXT)]"),
        });
    }
    if let Some(f) = q.format {
        filters.push(format!("o.format = {}", args.text(f.code())));
    }
    if let Some(r) = q.region {
        filters.push(format!("o.region = {}", args.text(r.code())));
    }
    if let Some(min) = q.min_price_cents {
        filters.push(format!("o.price_cents >= {}", args.int(min)));
    }
    if let Some(max) = q.max_price_cents {
        filters.push(format!("o.price_cents <= {}", args.int(max)));
    }
    if q.date_from.is_some() || q.date_to.is_some() {
        // An offer's first and last date are its earliest and latest: they answer a range
        // open at one end, and rule most offers out before the dates of the rest are read.
        let mut span = Vec::new();
        let from = q.date_from.as_ref().map(|d| args.text(d.as_str()));
        let to = q.date_to.as_ref().map(|d| args.text(d.as_str()));
        if let Some(p) = &from {
            span.push(format!("o.last_date >= {p}"));
        }
        if let Some(p) = &to {
            span.push(format!("o.first_date <= {p}"));
        }
        if let (Some(from), Some(to)) = (&from, &to) {
            // Its first date on or after the start, read from the index, is on or before the end.
            span.push(format!("(SELECT MIN(d.date) FROM offer_dates d WHERE d.offer_id = o.id AND d.date >= {from}) <= {to}"));
        }
        filters.push(format!("(o.on_request = 1 OR ({}))", span.join(" AND ")));
    }
    if q.wheelchair {
        filters.push("o.wheelchair = 1".to_owned());
    }
    let distance_of = |args: &mut Args, (lat, lon): (i64, i64)| {
        let (a, b, k) = (args.int(lat), args.int(lon), args.int(cos_per_mille(lat)));
        format!("((o.lat_e6 - {a}) * (o.lat_e6 - {a}) + ((o.lon_e6 - {b}) * {k} / 1000) * ((o.lon_e6 - {b}) * {k} / 1000))")
    };
    let mut distance = None;
    if let (Some(km), Some((lat, lon))) = (q.max_km, origin) {
        let dist = distance_of(&mut args, (lat, lon));
        let radius = km * 1000 * 100_000 / METRES_PER_MICRO_DEGREE_E5;
        let wide = radius * 1000 / cos_per_mille(lat).max(1);
        filters.push(format!(
            "o.lat_e6 BETWEEN {} AND {} AND o.lon_e6 BETWEEN {} AND {} AND {dist} <= {}",
            args.int(lat - radius),
            args.int(lat + radius),
            args.int(lon - wide),
            args.int(lon + wide),
            args.int(radius * radius)
        ));
        distance = Some(dist);
    }
    // All the conditions, or one that always holds (no filter at all is a valid search).
    let all = |conditions: Vec<&String>| {
        if conditions.is_empty() {
            "1 = 1".to_owned()
        } else {
            conditions.into_iter().cloned().collect::<Vec<_>>().join(" AND ")
        }
    };
    let where_clause = all(text_filter.iter().chain(&filters).collect());
    // The count uses only the filters' arguments (PostgreSQL refuses unused ones), and stops
    // one past the cap: beyond it the exact number helps nobody and costs the most.
    let count_sql =
        format!("SELECT COUNT(*) AS n FROM (SELECT 1 FROM {from} WHERE {where_clause} LIMIT {}) c", SEARCH_COUNT_CAP + 1);
    let count_args = args.clone();
    let today = local_date(state.clock.now_ms());
    let sort = q.sort.unwrap_or(SortOrder::Relevance);
    if distance.is_none() && sort == SortOrder::Distance {
        distance = origin.map(|o| distance_of(&mut args, o));
    }
    let (page_from, page_where) = match &ranked {
        Some(Ranking::FullText(condition)) if sort == SortOrder::Relevance => (
            "offers_fts f CROSS JOIN offer_search o ON o.id = f.rowid".to_owned(),
            all(std::iter::once(condition).chain(&filters).collect()),
        ),
        Some(Ranking::Bounded(_)) if sort == SortOrder::Relevance => (
            format!("(SELECT o.id, o.search_vector FROM {from} WHERE {where_clause} LIMIT {}) o", SEARCH_COUNT_CAP + 1),
            "1 = 1".to_owned(),
        ),
        _ => (from.to_owned(), where_clause.clone()),
    };
    let rank = match &ranked {
        Some(Ranking::FullText(_)) => Some("f.rank"),
        Some(Ranking::Bounded(order)) => Some(order.as_str()),
        None => None,
    };
    let order = match (sort, rank, &distance) {
        (SortOrder::Relevance, Some(rank), _) => rank.to_owned(),
        (SortOrder::Distance, _, Some(dist)) => format!("CASE WHEN o.lat_e6 IS NULL THEN 1 ELSE 0 END, {dist}, o.id DESC"),
        (SortOrder::PriceLow, _, _) => "o.price_cents, o.id DESC".to_owned(),
        // The next date from today: the offer's first date unless that has passed (only
        // then are its dates read); offers on request and without dates last.
        (SortOrder::Date, _, _) => {
            let t = args.text(today);
            format!(
                "CASE WHEN o.first_date IS NULL THEN '9999-12-31' WHEN o.first_date >= {t} THEN o.first_date
                 ELSE COALESCE((SELECT MIN(d.date) FROM offer_dates d WHERE d.offer_id = o.id AND d.date >= {t}), '9999-12-31') END, o.id DESC"
            )
        }
        _ => "o.id DESC".to_owned(),
    };
    let page = PageRequest::new(q.page, PER_PAGE);
    let (limit, offset) = (args.int(page.limit()), args.int(page.offset()));
    let count = || async { int(&count_args.bind(sqlx::query(&count_sql)).fetch_one(&state.db.pool).await?, "n") };
    let (total, ids) = if matches!(ranked, Some(Ranking::Bounded(_))) && sort == SortOrder::Relevance {
        // The ranked matches are the ones the count would count: the page counts them as it
        // ranks them, and only a page past them all asks for the count.
        let sql = format!(
            "SELECT o.id, COUNT(*) OVER () AS n FROM {page_from} WHERE {page_where} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
        );
        let found = args.bind(sqlx::query(&sql)).fetch_all(&state.db.pool).await?;
        let total = match found.first() {
            Some(r) => int(r, "n")?,
            None if page.page > 1 => count().await?,
            None => 0,
        };
        (total, found)
    } else {
        // The count and the page's ids are independent reads: each on a connection of its
        // own, at the same time.
        let sql = format!("SELECT o.id FROM {page_from} WHERE {page_where} ORDER BY {order} LIMIT {limit} OFFSET {offset}");
        tokio::try_join!(count(), args.bind(sqlx::query(&sql)).fetch_all(&state.db.pool))?
    };
    let ids = ids.iter().map(|r| int(r, "id").map_err(internal)).collect::<Result<Vec<i64>, _>>()?;
    // The page's offers in full, in the order found.
    let mut rows = Vec::with_capacity(ids.len());
    if !ids.is_empty() {
        let sql = format!(
            "{OFFER_SELECT} FROM offers o JOIN providers pr ON pr.id = o.provider_id WHERE o.id IN ({})",
            placeholders(1, ids.len())
        );
        let mut query = sqlx::query(&sql);
        for id in &ids {
            query = query.bind(id);
        }
        let mut by_id = std::collections::HashMap::new();
        for r in query.fetch_all(&state.db.pool).await? {
            let lat_lon = opt_int(&r, "lat_e6")?.zip(opt_int(&r, "lon_e6")?);
            let d2 = origin.zip(lat_lon).map(|(from, to)| squared_distance(from, to));
            let offer = offer_from_row(&r, d2)?;
            by_id.insert(offer.id, offer);
        }
        rows.extend(ids.iter().filter_map(|id| by_id.remove(id)));
    }
    Ok(Page { rows, page: page.page, per_page: page.per_page, total })
}

/// The most images one offer shows.
pub const MAX_IMAGES: i64 = 5;

/// Adds an image to one of the provider's offers. The upload is checked by its content (JPEG,
/// PNG or WebP), limited in bytes and pixels, resized and re-encoded as JPEG, which drops EXIF
/// and GPS data and anything hidden in the file. Returns the image's id.
#[tracing::instrument(skip_all)]
pub async fn add_image(
    state: &AppState,
    actor: PersonId,
    provider: ProviderId,
    offer_id: i64,
    bytes: Vec<u8>,
    alt: &str,
) -> Result<i64, AppError> {
    use crate::market::offer_image::{prepare, ImageProblem};
    let alt = domain::error::required_field("alt_text", alt, 200)?;
    let prepared = tokio::task::spawn_blocking(move || prepare(&bytes)).await.map_err(internal)?.map_err(|p| {
        AppError::field(
            "file",
            match p {
                ImageProblem::Empty => Problem::Required,
                ImageProblem::TooLarge | ImageProblem::TooManyPixels => Problem::ImageTooLarge,
                ImageProblem::NotAnImage | ImageProblem::Unreadable => Problem::NotAnImage,
            },
        )
    })?;
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let own = sqlx::query("SELECT id FROM offers WHERE id = $1 AND provider_id = $2")
        .bind(offer_id)
        .bind(provider.0)
        .fetch_optional(&mut *tx)
        .await?;
    if own.is_none() {
        return Err(AppError::NotFound);
    }
    let count = int(
        &sqlx::query("SELECT COUNT(*) AS n FROM offer_images WHERE offer_id = $1").bind(offer_id).fetch_one(&mut *tx).await?,
        "n",
    )?;
    if count >= MAX_IMAGES {
        return Err(AppError::Conflict(Problem::TooManyImages));
    }
    use base64::Engine as _;
    let id = int(
        &sqlx::query(
            "INSERT INTO offer_images (offer_id, content_type, width, height, content, alt_text, created_at)
             VALUES ($1, 'image/jpeg', $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(offer_id)
        .bind(i64::from(prepared.width))
        .bind(i64::from(prepared.height))
        .bind(base64::engine::general_purpose::STANDARD.encode(&prepared.jpeg))
        .bind(&alt)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?,
        "id",
    )?;
    audit::record(&mut tx, now, Some(actor), "offer_image_added", "offer", Some(offer_id), &alt).await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes an image of one of the provider's offers; returns the offer's id.
#[tracing::instrument(skip_all)]
pub async fn remove_image(state: &AppState, actor: PersonId, provider: ProviderId, image_id: i64) -> Result<i64, AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let offer_id = sqlx::query(
        "SELECT i.offer_id FROM offer_images i JOIN offers o ON o.id = i.offer_id WHERE i.id = $1 AND o.provider_id = $2",
    )
    .bind(image_id)
    .bind(provider.0)
    .fetch_optional(&mut *tx)
    .await?
    .map(|r| int(&r, "offer_id"))
    .transpose()?
    .ok_or(AppError::NotFound)?;
    sqlx::query("DELETE FROM offer_images WHERE id = $1").bind(image_id).execute(&mut *tx).await?;
    audit::record(&mut tx, now, Some(actor), "offer_image_removed", "offer", Some(offer_id), "").await?;
    tx.commit().await?;
    Ok(offer_id)
}

/// An image's JPEG bytes: for anyone when its offer is published by an approved provider,
/// otherwise only for the offer's own provider.
#[tracing::instrument(skip_all)]
pub async fn image(state: &AppState, image_id: i64, viewer: Option<ProviderId>) -> Result<Option<Vec<u8>>, AppError> {
    let r = sqlx::query(
        "SELECT i.content, o.provider_id, o.status, p.status AS provider_status FROM offer_images i
         JOIN offers o ON o.id = i.offer_id JOIN providers p ON p.id = o.provider_id WHERE i.id = $1",
    )
    .bind(image_id)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(r) = r else { return Ok(None) };
    let public = text(&r, "status")? == "published" && text(&r, "provider_status")? == "approved";
    let own = viewer.is_some_and(|p| p.0 == int(&r, "provider_id").unwrap_or(0));
    if !(public || own) {
        return Ok(None);
    }
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD.decode(text(&r, "content")?).map_err(internal)?;
    Ok(Some(bytes))
}
