//! Offers in the catalogue, how they are entered, and how the catalogue is searched.

use super::error::{required_text, AppError, Problem, Problems};
use super::ids::ProviderId;
use super::money::Money;
use serde::{Deserialize, Serialize};

code_enum!(
    /// An art form, as the catalogue's discipline facet offers them.
    Discipline {
        Music => "music",
        Dance => "dance",
        Theatre => "theatre",
        VisualArts => "visual_arts",
        Film => "film",
        Literature => "literature",
        Heritage => "heritage",
        Design => "design",
        Media => "media",
        Multidisciplinary => "multidisciplinary",
    }
);

code_enum!(
    /// Where an activity takes place.
    OfferFormat {
        /// The provider comes to the school.
        InSchool => "in_school",
        /// The class goes to the provider.
        Venue => "venue",
        Online => "online",
    }
);

code_enum!(
    /// What the price is per.
    PriceUnit {
        Student => "student",
        Group => "group",
    }
);

code_enum!(
    /// A Dutch province, the catalogue's region facet.
    Region {
        Drenthe => "DR",
        Flevoland => "FL",
        Friesland => "FR",
        Gelderland => "GE",
        Groningen => "GR",
        Limburg => "LI",
        NoordBrabant => "NB",
        NoordHolland => "NH",
        Overijssel => "OV",
        Utrecht => "UT",
        Zeeland => "ZE",
        ZuidHolland => "ZH",
    }
);

code_enum!(
    /// Where an offer is in its life.
    OfferStatus {
        Draft => "draft",
        Published => "published",
        Archived => "archived",
    }
);

code_enum!(
    /// How search results are ordered.
    SortOrder {
        /// Best text match first (newest first without a text query).
        Relevance => "relevance",
        /// Nearest first (needs the teacher's location).
        Distance => "distance",
        PriceLow => "price",
        /// First date first; offers on request last.
        Date => "date",
        Newest => "newest",
    }
);

impl Region {
    /// The province's name (the same in Dutch and English).
    pub fn name(self) -> &'static str {
        match self {
            Region::Drenthe => "Drenthe",
            Region::Flevoland => "Flevoland",
            Region::Friesland => "Friesland",
            Region::Gelderland => "Gelderland",
            Region::Groningen => "Groningen",
            Region::Limburg => "Limburg",
            Region::NoordBrabant => "Noord-Brabant",
            Region::NoordHolland => "Noord-Holland",
            Region::Overijssel => "Overijssel",
            Region::Utrecht => "Utrecht",
            Region::Zeeland => "Zeeland",
            Region::ZuidHolland => "Zuid-Holland",
        }
    }
}

/// The catalogue counts results up to this many; beyond it a search shows "1,000+".
pub const SEARCH_COUNT_CAP: i64 = 1_000;

/// The mbo levels (niveau 1 to 4).
pub const LEVELS: [i64; 4] = [1, 2, 3, 4];

/// An offer as the catalogue and the provider's list show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferRow {
    pub id: i64,
    pub provider_id: ProviderId,
    pub provider_name: String,
    pub title: String,
    pub description: String,
    pub disciplines: Vec<Discipline>,
    pub levels: Vec<i64>,
    pub format: OfferFormat,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub region: Region,
    pub lat_e6: Option<i64>,
    pub lon_e6: Option<i64>,
    pub duration_minutes: i64,
    pub price: Money,
    pub price_unit: PriceUnit,
    pub capacity: i64,
    pub on_request: bool,
    pub dates: Vec<String>,
    pub wheelchair: bool,
    pub accessibility: String,
    pub status: OfferStatus,
    /// Distance from the teacher's location in metres, when both positions are known.
    pub distance_m: Option<i64>,
    /// Filled for a single offer's page; empty in lists.
    pub images: Vec<OfferImage>,
}

/// An offer's picture: served at `/offers/images/{id}`, with its text for screen readers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferImage {
    pub id: i64,
    pub alt: String,
}

/// The most dates one offer lists.
pub const MAX_DATES: usize = 50;

/// The offer form as typed; every field text so it works without JavaScript.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferForm {
    pub title: String,
    pub description: String,
    /// Discipline codes, comma separated (checkboxes send one value each; the page joins them).
    #[serde(default)]
    pub disciplines: String,
    /// Levels, comma separated.
    #[serde(default)]
    pub levels: String,
    pub format: String,
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub city: String,
    pub region: String,
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
    pub duration_minutes: String,
    pub price: String,
    pub price_unit: String,
    pub capacity: String,
    /// Dates `YYYY-MM-DD`, separated by commas, spaces or new lines; empty means on request.
    #[serde(default)]
    pub dates: String,
    #[serde(default)]
    pub wheelchair: String,
    #[serde(default)]
    pub accessibility: String,
}

/// A validated offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOffer {
    pub title: String,
    pub description: String,
    pub disciplines: Vec<Discipline>,
    pub levels: Vec<i64>,
    pub format: OfferFormat,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub region: Region,
    pub lat_e6: Option<i64>,
    pub lon_e6: Option<i64>,
    pub duration_minutes: i64,
    pub price: Money,
    pub price_unit: PriceUnit,
    pub capacity: i64,
    pub dates: Vec<String>,
    pub wheelchair: bool,
    pub accessibility: String,
}

/// Reads a coordinate in decimal degrees ("52.3676" or "52,3676") as micro-degrees.
pub fn parse_degrees(text: &str, limit: i64) -> Option<i64> {
    let t = text.trim().replace(',', ".");
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, t),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty()
        || whole.len() > 3
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let mut micro: String = frac.chars().take(6).collect();
    while micro.len() < 6 {
        micro.push('0');
    }
    let value = whole.parse::<i64>().ok()?.checked_mul(1_000_000)?.checked_add(micro.parse::<i64>().ok()?)?;
    let value = if negative { -value } else { value };
    (value.abs() <= limit * 1_000_000).then_some(value)
}

fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', ' ', '\n', '\r', ';']).map(str::trim).filter(|s| !s.is_empty())
}

impl OfferForm {
    /// Parses the form, reporting every problem at once.
    pub fn parse(&self) -> Result<NewOffer, AppError> {
        let mut p = Problems::default();
        let title = required_text(&mut p, "title", &self.title, 120);
        let description = required_text(&mut p, "description", &self.description, 5000);
        let mut disciplines = Vec::new();
        for code in split_list(&self.disciplines) {
            match Discipline::from_code(code) {
                Some(d) if !disciplines.contains(&d) => disciplines.push(d),
                Some(_) => {}
                None => p.add("disciplines", Problem::InvalidChoice),
            }
        }
        if disciplines.is_empty() {
            p.add("disciplines", Problem::Required);
        }
        disciplines.sort();
        let mut levels = Vec::new();
        for l in split_list(&self.levels) {
            match l.parse::<i64>() {
                Ok(n) if LEVELS.contains(&n) => {
                    if !levels.contains(&n) {
                        levels.push(n)
                    }
                }
                _ => p.add("levels", Problem::InvalidChoice),
            }
        }
        if levels.is_empty() {
            p.add("levels", Problem::Required);
        }
        levels.sort_unstable();
        let format = OfferFormat::from_code(&self.format).unwrap_or_else(|| {
            p.add("format", Problem::InvalidChoice);
            OfferFormat::Venue
        });
        let region = Region::from_code(&self.region).unwrap_or_else(|| {
            p.add("region", Problem::InvalidChoice);
            Region::Utrecht
        });
        let city = self.city.trim().to_owned();
        if format != OfferFormat::Online && city.is_empty() {
            p.add("city", Problem::Required);
        }
        for (field, value, max) in
            [("street", &self.street, 200), ("city", &self.city, 100), ("accessibility", &self.accessibility, 1000)]
        {
            if value.trim().chars().count() > max {
                p.add(field, Problem::TooLong);
            }
        }
        let postcode = if self.postcode.trim().is_empty() {
            String::new()
        } else {
            super::address::normalise_postcode(&self.postcode).unwrap_or_else(|| {
                p.add("postcode", Problem::InvalidPostcode);
                String::new()
            })
        };
        let (lat_e6, lon_e6) = match (self.latitude.trim().is_empty(), self.longitude.trim().is_empty()) {
            (true, true) => (None, None),
            _ => {
                let lat = parse_degrees(&self.latitude, 90);
                let lon = parse_degrees(&self.longitude, 180);
                if lat.is_none() {
                    p.add("latitude", Problem::InvalidValue);
                }
                if lon.is_none() {
                    p.add("longitude", Problem::InvalidValue);
                }
                (lat, lon)
            }
        };
        let whole = |p: &mut Problems, field: &str, text: &str, max: i64| match text.trim().parse::<i64>() {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => {
                p.add(field, Problem::NotAWholeNumber);
                1
            }
        };
        let duration_minutes = whole(&mut p, "duration_minutes", &self.duration_minutes, 60 * 24 * 14);
        let capacity = whole(&mut p, "capacity", &self.capacity, 100_000);
        let price = match Money::parse(&self.price) {
            Ok(m) if !m.is_negative() && m.cents() <= 10_000_000 => m,
            _ => {
                p.add("price", Problem::InvalidAmount);
                Money::ZERO
            }
        };
        let price_unit = PriceUnit::from_code(&self.price_unit).unwrap_or_else(|| {
            p.add("price_unit", Problem::InvalidChoice);
            PriceUnit::Student
        });
        let mut dates: Vec<String> = Vec::new();
        for d in split_list(&self.dates) {
            if super::time::is_valid_date(d) {
                dates.push(d.to_owned());
            } else {
                p.add("dates", Problem::NotADate);
            }
        }
        dates.sort();
        dates.dedup();
        if dates.len() > MAX_DATES {
            p.add("dates", Problem::TooLong);
        }
        let wheelchair = matches!(self.wheelchair.trim(), "on" | "true" | "1" | "yes");
        p.finish(|| NewOffer {
            title,
            description,
            disciplines,
            levels,
            format,
            street: self.street.trim().to_owned(),
            postcode,
            city,
            region,
            lat_e6,
            lon_e6,
            duration_minutes,
            price,
            price_unit,
            capacity,
            dates,
            wheelchair,
            accessibility: self.accessibility.trim().to_owned(),
        })
    }
}

/// Folds text for the search index and for queries alike: lower case, diacritics removed
/// (é → e, ĳ → ij, ß → ss), anything that is not a letter or digit a space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded: &str = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
            'ĳ' => "ij",
            'ñ' | 'ń' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
            'œ' => "oe",
            'ß' => "ss",
            'š' | 'ś' => "s",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => "u",
            'ý' | 'ÿ' => "y",
            'ž' | 'ź' | 'ż' => "z",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            c if c.is_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => " ",
        };
        out.push_str(folded);
    }
    out
}

/// The words of a search query, folded, at most eight of at most 40 characters each.
pub fn query_terms(query: &str) -> Vec<String> {
    fold(query)
        .split_whitespace()
        .filter(|w| w.chars().count() <= MAX_SEARCH_WORD_CHARS)
        .take(MAX_SEARCH_WORDS)
        .map(str::to_owned)
        .collect()
}

/// The longest search text, in characters (the search field's `maxlength`).
pub const MAX_SEARCH_CHARS: usize = 200;
/// The longest word searched for; no offer text has longer words worth finding.
pub const MAX_SEARCH_WORD_CHARS: usize = 40;
/// The most words one search looks for.
pub const MAX_SEARCH_WORDS: usize = 8;

/// A catalogue search as the GET form sends it (every field text; empty means no filter).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchForm {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub discipline: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub min_price: String,
    #[serde(default)]
    pub max_price: String,
    #[serde(default)]
    pub date_from: String,
    #[serde(default)]
    pub date_to: String,
    #[serde(default)]
    pub wheelchair: String,
    #[serde(default)]
    pub max_km: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
}

/// A validated search; unreadable filters are dropped rather than refused, as a search box
/// should never answer with an error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    pub terms: Vec<String>,
    pub discipline: Option<Discipline>,
    pub level: Option<i64>,
    pub format: Option<OfferFormat>,
    pub region: Option<Region>,
    pub min_price_cents: Option<i64>,
    pub max_price_cents: Option<i64>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub wheelchair: bool,
    pub max_km: Option<i64>,
    pub sort: Option<SortOrder>,
    pub page: u32,
}

impl SearchForm {
    /// Refuses a search text that would otherwise be cut short without a word: too long as a
    /// whole, a word too long to look for, or too many words. Filters stay lenient.
    pub fn check(&self) -> Result<(), AppError> {
        let words: Vec<String> = fold(&self.q).split_whitespace().map(str::to_owned).collect();
        let problem = if self.q.chars().count() > MAX_SEARCH_CHARS {
            Some(Problem::SearchTooLong)
        } else if words.iter().any(|w| w.chars().count() > MAX_SEARCH_WORD_CHARS) {
            Some(Problem::SearchWordTooLong)
        } else if words.len() > MAX_SEARCH_WORDS {
            Some(Problem::TooManySearchWords)
        } else {
            None
        };
        problem.map_or(Ok(()), |p| Err(AppError::field("q", p)))
    }

    /// Reads the form leniently.
    pub fn query(&self) -> SearchQuery {
        let price = |t: &str| Money::parse(t).ok().filter(|m| !m.is_negative()).map(Money::cents);
        let date = |t: &str| Some(t.trim().to_owned()).filter(|d| super::time::is_valid_date(d));
        SearchQuery {
            terms: query_terms(&self.q),
            discipline: Discipline::from_code(&self.discipline),
            level: self.level.trim().parse().ok().filter(|l| LEVELS.contains(l)),
            format: OfferFormat::from_code(&self.format),
            region: Region::from_code(&self.region),
            min_price_cents: price(&self.min_price),
            max_price_cents: price(&self.max_price),
            date_from: date(&self.date_from),
            date_to: date(&self.date_to),
            wheelchair: matches!(self.wheelchair.trim(), "on" | "true" | "1" | "yes"),
            max_km: self.max_km.trim().parse().ok().filter(|k| (1..=500).contains(k)),
            sort: SortOrder::from_code(&self.sort),
            page: self.page.trim().parse().ok().filter(|p| *p >= 1 && *p <= 10_000).unwrap_or(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_diacritics_and_punctuation() {
        assert_eq!(fold("Café-Théâtre: ÉÉN ĳsje!"), "cafe theatre  een ijsje ");
        assert_eq!(query_terms("  Crème   brûlée  "), vec!["creme", "brulee"]);
    }

    #[test]
    fn a_query_has_at_most_eight_terms() {
        assert_eq!(query_terms("a b c d e f g h i j").len(), 8);
    }

    /// A search that would be cut short says so instead of quietly searching for less (or
    /// for everything).
    #[test]
    fn a_search_text_that_cannot_be_searched_whole_is_refused_with_its_reason() {
        let check = |q: String| SearchForm { q, ..Default::default() }.check().err().and_then(|e| e.problem_for("q"));
        assert_eq!(check("theater amsterdam".into()), None);
        assert_eq!(check("a ".repeat(100)), Some(Problem::TooManySearchWords));
        assert_eq!(check("w".repeat(201)), Some(Problem::SearchTooLong));
        assert_eq!(check("w".repeat(41)), Some(Problem::SearchWordTooLong));
        assert_eq!(check(format!("theater {}", "w".repeat(40))), None);
        assert_eq!(check("a b c d e f g h i".into()), Some(Problem::TooManySearchWords));
        assert_eq!(check(vec!["é".repeat(24); 8].join(" ")), None, "199 characters (398 bytes): characters count, not bytes");
    }

    #[test]
    fn degrees_read_as_micro_degrees_with_either_decimal_mark() {
        assert_eq!(parse_degrees("52.3676", 90), Some(52_367_600));
        assert_eq!(parse_degrees("4,9041", 180), Some(4_904_100));
        assert_eq!(parse_degrees("-0.1", 180), Some(-100_000));
        assert_eq!(parse_degrees("91", 90), None);
        assert_eq!(parse_degrees("abc", 90), None);
        assert_eq!(parse_degrees("", 90), None);
    }

    fn form() -> OfferForm {
        OfferForm {
            title: "Workshop hiphop".into(),
            description: "Dansen op school".into(),
            disciplines: "dance,music,dance".into(),
            levels: "2 3".into(),
            format: "in_school".into(),
            city: "Utrecht".into(),
            region: "UT".into(),
            duration_minutes: "90".into(),
            price: "7,50".into(),
            price_unit: "student".into(),
            capacity: "30".into(),
            dates: "2027-02-01\n2027-01-15".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_offer_parses_with_sorted_unique_choices() {
        let o = form().parse().unwrap();
        assert_eq!(o.disciplines, vec![Discipline::Music, Discipline::Dance]);
        assert_eq!(o.levels, vec![2, 3]);
        assert_eq!(o.dates, vec!["2027-01-15", "2027-02-01"]);
        assert_eq!(o.price.cents(), 750);
        assert!(!o.wheelchair);
    }

    #[test]
    fn every_problem_of_an_offer_is_reported() {
        let err =
            OfferForm { title: String::new(), disciplines: "opera".into(), levels: "5".into(), format: "boat".into(), ..form() }
                .parse()
                .unwrap_err();
        for f in ["title", "disciplines", "levels", "format"] {
            assert!(err.problem_for(f).is_some(), "{f}");
        }
    }

    #[test]
    fn a_search_form_drops_what_it_cannot_read() {
        let q =
            SearchForm { q: "Muziek".into(), level: "9".into(), max_price: "abc".into(), page: "0".into(), ..Default::default() }
                .query();
        assert_eq!(q.terms, vec!["muziek"]);
        assert_eq!(q.level, None);
        assert_eq!(q.max_price_cents, None);
        assert_eq!(q.page, 1);
    }
}
