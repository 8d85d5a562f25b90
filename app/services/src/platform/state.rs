//! What every request handler and server function can reach.

use crate::platform::clock::Clock;
use crate::platform::db::Db;
use std::sync::Arc;

/// SMTP delivery settings; without them mail stays in the outbox for `/admin/mail`.
#[derive(Clone, Debug)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    pub from: String,
    /// `starttls`, `tls` or `none` (the last only for a local relay).
    pub security: String,
}

/// The platform operator as seller on invoices to schools.
#[derive(Clone, Debug)]
pub struct SellerDetails {
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    /// Chamber of Commerce number (8 digits): the seller's Peppol identifier.
    pub kvk: String,
    /// VAT number (NL…B..), shown on VAT-exempt invoices.
    pub vat_id: String,
    /// The account schools pay into.
    pub iban: String,
    /// Where schools send questions about invoices.
    pub email: String,
}

impl SellerDetails {
    /// Clearly fictional details for the demo and the tests.
    pub fn demo() -> SellerDetails {
        SellerDetails {
            name: "Stichting Cultuurkaart Demo".to_owned(),
            street: "Herengracht 1".to_owned(),
            postcode: "1015 BA".to_owned(),
            city: "Amsterdam".to_owned(),
            kvk: "12345678".to_owned(),
            vat_id: "NL123456789B01".to_owned(),
            iban: "NL91ABNA0417164300".to_owned(),
            email: "facturen@cultuurkaart.demo".to_owned(),
        }
    }
}

/// Deployment settings read once at start.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The address people use to reach the app, e.g. `https://cultuurkaart.nl`; links in
    /// mail point here and the CSRF check compares `Origin` with it.
    pub public_base_url: String,
    /// Mail delivery; `None` keeps mail in the outbox for the admin to read.
    pub smtp: Option<SmtpSettings>,
    /// Trust `X-Forwarded-For` from the load balancer for the client's address.
    pub trust_proxy: bool,
    /// Sessions end after this long without a request.
    pub session_idle_ms: i64,
    /// Sessions end this long after sign-in, however active.
    pub session_absolute_ms: i64,
    /// The seller on invoices.
    pub seller: SellerDetails,
    /// How long a budget holder has to decide on a weborder before it expires.
    pub weborder_decision_ms: i64,
    /// How long an approved weborder waits before it may be paid out; the approval can be
    /// undone until then.
    pub cooling_off_ms: i64,
}

impl Settings {
    /// True when the app is served over HTTPS, so cookies get the `Secure` flag.
    pub fn is_https(&self) -> bool {
        self.public_base_url.starts_with("https://")
    }
}

/// The state shared by all requests.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<Settings>,
    /// Weborder approvals waiting to be written together.
    pub approvals: Arc<crate::platform::approval_queue::ApprovalQueue>,
}

impl AppState {
    /// The state of one app instance.
    pub fn new(db: Db, clock: Arc<dyn Clock>, settings: Settings) -> AppState {
        AppState { db, clock, settings: Arc::new(settings), approvals: Arc::default() }
    }
}
