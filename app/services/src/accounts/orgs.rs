//! Institutions (boards), their locations (vestigingen) and cultural providers.

use crate::platform::db::{int, text, Db, Tx};
use domain::records::{LocationSummary, PlatformCounts, ProviderSummary};
use domain::{InstitutionId, LocationId, ProviderId};

/// A new location's registry data.
#[derive(Clone, Debug)]
pub struct NewLocation<'a> {
    pub vestiging_number: &'a str,
    pub name: &'a str,
    pub street: &'a str,
    pub postcode: &'a str,
    pub city: &'a str,
    pub cjp_school_number: &'a str,
}

/// Registers an institution; returns its id.
#[tracing::instrument(skip_all)]
pub async fn create_institution(tx: &mut Tx, now_ms: i64, brin: &str, name: &str) -> Result<InstitutionId, sqlx::Error> {
    let row = sqlx::query("INSERT INTO institutions (brin, name, created_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(brin)
        .bind(name)
        .bind(now_ms)
        .fetch_one(&mut **tx)
        .await?;
    Ok(InstitutionId(int(&row, "id")?))
}

/// Registers a location of `institution`; returns its id.
#[tracing::instrument(skip_all)]
pub async fn create_location(
    tx: &mut Tx,
    now_ms: i64,
    institution: InstitutionId,
    l: &NewLocation<'_>,
) -> Result<LocationId, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO locations (institution_id, vestiging_number, name, street, postcode, city, cjp_school_number, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(institution.0)
    .bind(l.vestiging_number)
    .bind(l.name)
    .bind(l.street)
    .bind(l.postcode)
    .bind(l.city)
    .bind(l.cjp_school_number)
    .bind(now_ms)
    .fetch_one(&mut **tx)
    .await?;
    Ok(LocationId(int(&row, "id")?))
}

/// Registers a provider; returns its id.
#[tracing::instrument(skip_all)]
pub async fn create_provider(tx: &mut Tx, now_ms: i64, name: &str, kvk: &str, city: &str) -> Result<ProviderId, sqlx::Error> {
    let row = sqlx::query("INSERT INTO providers (name, kvk_number, city, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(name)
        .bind(kvk)
        .bind(city)
        .bind(now_ms)
        .fetch_one(&mut **tx)
        .await?;
    Ok(ProviderId(int(&row, "id")?))
}

const LOCATION_SELECT: &str = "SELECT l.id, l.institution_id, i.name AS institution_name, i.brin, l.vestiging_number, l.name,
        l.street, l.postcode, l.city, l.cjp_school_number,
        (SELECT COUNT(*) FROM role_assignments r WHERE r.location_id = l.id AND r.role = 'student') AS students,
        (SELECT COUNT(DISTINCT r.person_id) FROM role_assignments r WHERE r.location_id = l.id AND r.role <> 'student') AS staff
     FROM locations l JOIN institutions i ON i.id = l.institution_id";

fn location_from_row(r: &sqlx::any::AnyRow) -> Result<LocationSummary, sqlx::Error> {
    Ok(LocationSummary {
        id: LocationId(int(r, "id")?),
        institution_id: InstitutionId(int(r, "institution_id")?),
        institution_name: text(r, "institution_name")?,
        brin: text(r, "brin")?,
        vestiging_number: text(r, "vestiging_number")?,
        name: text(r, "name")?,
        street: text(r, "street")?,
        postcode: text(r, "postcode")?,
        city: text(r, "city")?,
        cjp_school_number: text(r, "cjp_school_number")?,
        students: int(r, "students")?,
        staff: int(r, "staff")?,
    })
}

/// The locations with the given ids (the caller has already scoped them to the session).
#[tracing::instrument(skip_all)]
pub async fn locations_by_ids(db: &Db, ids: &[LocationId]) -> Result<Vec<LocationSummary>, sqlx::Error> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let sql = format!("{LOCATION_SELECT} WHERE l.id = $1");
        if let Some(r) = sqlx::query(&sql).bind(id.0).fetch_optional(&db.pool).await? {
            out.push(location_from_row(&r)?);
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out.dedup_by_key(|l| l.id);
    Ok(out)
}

/// The locations of the given institutions.
#[tracing::instrument(skip_all)]
pub async fn locations_of_institutions(db: &Db, ids: &[InstitutionId]) -> Result<Vec<LocationSummary>, sqlx::Error> {
    let mut out = Vec::new();
    for id in ids {
        let sql = format!("{LOCATION_SELECT} WHERE l.institution_id = $1 ORDER BY l.name");
        for r in sqlx::query(&sql).bind(id.0).fetch_all(&db.pool).await? {
            out.push(location_from_row(&r)?);
        }
    }
    Ok(out)
}

/// Every location, for the operator.
#[tracing::instrument(skip_all)]
pub async fn all_locations(db: &Db) -> Result<Vec<LocationSummary>, sqlx::Error> {
    let sql = format!("{LOCATION_SELECT} ORDER BY i.name, l.name");
    sqlx::query(&sql).fetch_all(&db.pool).await?.iter().map(location_from_row).collect()
}

const PROVIDER_SELECT: &str = "SELECT p.id, p.name, p.kvk_number, p.city,
        (SELECT COUNT(*) FROM role_assignments r WHERE r.provider_id = p.id) AS users
     FROM providers p";

fn provider_from_row(r: &sqlx::any::AnyRow) -> Result<ProviderSummary, sqlx::Error> {
    Ok(ProviderSummary {
        id: ProviderId(int(r, "id")?),
        name: text(r, "name")?,
        kvk_number: text(r, "kvk_number")?,
        city: text(r, "city")?,
        users: int(r, "users")?,
    })
}

/// The providers with the given ids.
#[tracing::instrument(skip_all)]
pub async fn providers_by_ids(db: &Db, ids: &[ProviderId]) -> Result<Vec<ProviderSummary>, sqlx::Error> {
    let mut out = Vec::new();
    for id in ids {
        let sql = format!("{PROVIDER_SELECT} WHERE p.id = $1");
        if let Some(r) = sqlx::query(&sql).bind(id.0).fetch_optional(&db.pool).await? {
            out.push(provider_from_row(&r)?);
        }
    }
    Ok(out)
}

/// Every provider, for the operator.
#[tracing::instrument(skip_all)]
pub async fn all_providers(db: &Db) -> Result<Vec<ProviderSummary>, sqlx::Error> {
    let sql = format!("{PROVIDER_SELECT} ORDER BY p.name");
    sqlx::query(&sql).fetch_all(&db.pool).await?.iter().map(provider_from_row).collect()
}

/// True when the scope names something that exists (so an invitation cannot point nowhere).
#[tracing::instrument(skip_all)]
pub async fn scope_exists(db: &Db, scope: &domain::Scope) -> Result<bool, sqlx::Error> {
    use domain::Scope;
    let (sql, id) = match scope {
        Scope::Platform => return Ok(true),
        Scope::Institution(id) => ("SELECT COUNT(*) AS n FROM institutions WHERE id = $1", id.0),
        Scope::Location(id) => ("SELECT COUNT(*) AS n FROM locations WHERE id = $1", id.0),
        Scope::Provider(id) => ("SELECT COUNT(*) AS n FROM providers WHERE id = $1", id.0),
    };
    Ok(int(&sqlx::query(sql).bind(id).fetch_one(&db.pool).await?, "n")? > 0)
}

/// How much there is on the platform.
#[tracing::instrument(skip_all)]
pub async fn platform_counts(db: &Db) -> Result<PlatformCounts, sqlx::Error> {
    let r = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM institutions) AS institutions, (SELECT COUNT(*) FROM locations) AS locations,
                (SELECT COUNT(*) FROM providers) AS providers, (SELECT COUNT(*) FROM people) AS people,
                (SELECT COUNT(*) FROM outbox_mail WHERE sent_at IS NULL) AS unsent_mail",
    )
    .fetch_one(&db.pool)
    .await?;
    Ok(PlatformCounts {
        institutions: int(&r, "institutions")?,
        locations: int(&r, "locations")?,
        providers: int(&r, "providers")?,
        people: int(&r, "people")?,
        unsent_mail: int(&r, "unsent_mail")?,
    })
}

/// The locations a school-portal user may see: every location of the institutions where they
/// sit on the board, and the locations where they are budget holder.
#[tracing::instrument(skip_all)]
pub async fn school_locations_of(db: &Db, user: &domain::CurrentUser) -> Result<Vec<LocationSummary>, sqlx::Error> {
    use domain::{Role, Scope};
    let institutions: Vec<_> = user
        .roles
        .iter()
        .filter_map(|r| match (r.role, r.scope) {
            (Role::Board, Scope::Institution(id)) => Some(id),
            _ => None,
        })
        .collect();
    let mut locations = locations_of_institutions(db, &institutions).await?;
    for l in locations_by_ids(db, &user.locations_with(&[Role::BudgetHolder])).await? {
        if !locations.iter().any(|x| x.id == l.id) {
            locations.push(l);
        }
    }
    Ok(locations)
}
