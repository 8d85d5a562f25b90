//! What every server function does first: find the state, establish who is asking from the
//! session cookie, check the role, and answer errors with the right status and nothing
//! internal in the body.

use axum::extract::ConnectInfo;
use domain::failure::{internal, RequestId};
use domain::{AppError, CurrentUser, LocationId, Portal, Role};
use http::header::{ACCEPT, COOKIE, SET_COOKIE};
use http::request::Parts;
use http::{HeaderValue, StatusCode};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use services::accounts::auth::{self, SESSION_COOKIE};
use services::platform::state::AppState;
use std::net::SocketAddr;

/// The shared state, provided to every render and server function.
///
/// It is only missing for a resource fetch whose render was already thrown away (Leptos'
/// server renderer can start a resource in a branch it then discards; pages avoid this by
/// making their resources outside `PortalLayout`, see there). Nobody waits for such an
/// answer, so it is logged at debug level, not as an error.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::debug!("server function ran outside a request (discarded render)");
        AppError::Internal { request_id: "-".to_owned() }
    })
}

/// Lets the data layer log unexpected failures with the id of the request being served:
/// the id the HTTP layer put in this request's extensions. Called once when the router is
/// built.
pub fn provide_request_ids() {
    domain::failure::find_request_ids_with(|| use_context::<Parts>()?.extensions.get::<RequestId>().map(|r| r.0.clone()));
}

/// The value of a cookie on this request.
pub fn cookie(name: &str) -> Option<String> {
    cookie_in(&use_context::<Parts>()?.headers, name)
}

/// The value of a cookie in these request headers.
pub fn cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name && !v.is_empty()).then(|| v.to_owned())
    })
}

/// The client's address, for throttling: the socket peer, or the first `X-Forwarded-For`
/// hop when the deployment says a trusted load balancer sits in front.
pub fn client_address(state: &AppState) -> String {
    let Some(parts) = use_context::<Parts>() else { return "unknown".to_owned() };
    if state.settings.trust_proxy {
        if let Some(forwarded) = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()) {
            if let Some(first) = forwarded.split(',').next() {
                return first.trim().to_owned();
            }
        }
    }
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".to_owned())
}

/// The signed-in person, or `None`.
pub async fn signed_in() -> Result<Option<CurrentUser>, AppError> {
    let state = state()?;
    let Some(token) = cookie(SESSION_COOKIE) else { return Ok(None) };
    auth::session_user(&state, &token).await.map_err(internal)
}

/// The signed-in person, or 401.
pub async fn caller() -> Result<CurrentUser, AppError> {
    signed_in().await?.ok_or(AppError::Unauthenticated)
}

/// The signed-in person when they may use `portal`; 401 or 403 otherwise.
pub async fn require_portal(portal: Portal) -> Result<CurrentUser, AppError> {
    let user = caller().await?;
    if user.can_use(portal) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in person when they hold one of `roles`; 401 or 403 otherwise.
pub async fn require_role(roles: &[Role]) -> Result<CurrentUser, AppError> {
    let user = caller().await?;
    if roles.iter().any(|r| user.has_role(*r)) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in person when they hold one of `roles` at location `location_id`, with that
/// location: 401 or 403 without such a role, 404 for a location they hold none of it at (so a
/// guessed id tells nothing about other schools).
pub async fn require_location(roles: &[Role], location_id: i64) -> Result<(CurrentUser, LocationId), AppError> {
    let user = require_role(roles).await?;
    let location = LocationId(location_id);
    if user.locations_with(roles).contains(&location) {
        Ok((user, location))
    } else {
        Err(AppError::NotFound)
    }
}

/// Finishes a server function: an error gets its HTTP status, except for a plain HTML form
/// post (no JavaScript), which is answered with a redirect back to the form carrying the error.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        let html_form = use_context::<Parts>()
            .and_then(|p| p.headers.get(ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")))
            .unwrap_or(false);
        if !html_form {
            if let Some(opts) = use_context::<ResponseOptions>() {
                opts.set_status(StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
            }
        }
    }
    result
}

/// Sets the session cookie on the response.
pub fn set_session_cookie(state: &AppState, token: &str) {
    let secure = if state.settings.is_https() { "; Secure" } else { "" };
    let max_age = state.settings.session_absolute_ms / 1000;
    set_cookie(&format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"));
}

/// The cookie that carries a new API key from the form that made it to the page that shows
/// it, once.
const NEW_KEY_COOKIE: &str = "ck_new_key";

/// Where the new API key is shown: the one path its cookie is sent to.
pub const NEW_KEY_PAGE: &str = "/provider/api";

/// Hands a newly made API key to the next render of [`NEW_KEY_PAGE`], where the form's
/// redirect leads: the key is stored hashed, so this is the only moment it can be shown. An
/// HttpOnly cookie for that path only, for two minutes at most, taken by [`take_new_key`].
pub fn hand_over_new_key(state: &AppState, key: &str) {
    let secure = if state.settings.is_https() { "; Secure" } else { "" };
    set_cookie(&format!("{NEW_KEY_COOKIE}={key}; Path={NEW_KEY_PAGE}; HttpOnly; SameSite=Strict; Max-Age=120{secure}"));
}

/// The API key handed over to this render, if any; the browser is told to forget it, so a
/// reload no longer shows it.
pub fn take_new_key() -> Option<String> {
    let key = cookie(NEW_KEY_COOKIE)?;
    set_cookie(&format!("{NEW_KEY_COOKIE}=; Path={NEW_KEY_PAGE}; HttpOnly; SameSite=Strict; Max-Age=0"));
    Some(key)
}

/// Removes the session cookie from the browser.
pub fn clear_session_cookie() {
    set_cookie(&format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"));
}

fn set_cookie(value: &str) {
    if let (Some(opts), Ok(v)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(value)) {
        opts.append_header(SET_COOKIE, v);
    }
}

/// A same-site path to return to after signing in or switching language; anything else
/// becomes `None`, so no form or link can be used as an open redirect.
///
/// Browsers drop tabs and line breaks inside a URL and read `\` as `/`, so `/`+TAB+`/evil`
/// or `/\evil` would leave the site: a target with any control character, space at its
/// edges, backslash or `//` at its start is refused, and so is one whose percent-decoded form
/// would be (a target that is decoded once more on its way back must be safe too).
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let n = next?;
    (n.len() < 512 && is_local_path(n) && is_local_path(&percent_decoded(n))).then(|| n.to_owned())
}

/// A path on this site: `/` then anything but a second `/` or `\`, with no control
/// character, no backslash, and no white space at its ends.
fn is_local_path(p: &str) -> bool {
    let mut chars = p.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !p.chars().any(|c| c.is_control() || c == '\\')
        && p.trim() == p
}

/// `p` with every `%XX` decoded (bytes that do not form UTF-8 become U+FFFD).
fn percent_decoded(p: &str) -> String {
    let bytes = p.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: Option<&u8>| b.and_then(|b| char::from(*b).to_digit(16));
        match (bytes[i], hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
            (b'%', Some(hi), Some(lo)) => {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/admin/mail")), Some("/admin/mail".to_owned()));
        assert_eq!(
            safe_next(Some("/teacher/catalogue?q=theater%20amsterdam&page=2")),
            Some("/teacher/catalogue?q=theater%20amsterdam&page=2".to_owned())
        );
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example/")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        assert_eq!(safe_next(Some("javascript:alert(1)")), None);
        assert_eq!(safe_next(Some("")), None);
        assert_eq!(safe_next(None), None);
    }

    /// Every string of a few hostile pieces (every ASCII control character, backslashes,
    /// slashes, their percent-encoded forms) put in every position of a few targets: what is
    /// accepted must stay on this site when a browser resolves it (the WHATWG URL parser,
    /// which drops tabs and line breaks and reads `\\` as `/`), raw and decoded once more.
    #[test]
    fn no_control_character_backslash_or_encoding_leads_off_site() {
        let base = url::Url::parse("http://localhost:3000/login").unwrap();
        let mut pieces: Vec<String> = (0u8..=31).chain([127]).map(|b| char::from(b).to_string()).collect();
        pieces.extend((0u8..=31).chain([127]).flat_map(|b| [format!("%{b:02X}"), format!("%{b:02x}")]));
        pieces.extend(
            ["\\", "/", "%2F", "%2f", "%5C", "%5c", "%252F", " ", "\u{a0}", "\u{2028}", "\u{85}", ":", "@"].map(str::to_owned),
        );
        let targets = ["/", "//evil.example", "/evil.example", "/school?next=/x", "evil.example"];
        let mut tried = 0;
        for target in targets {
            for piece in &pieces {
                for at in (0..=target.len()).filter(|i| target.is_char_boundary(*i)) {
                    let candidate = format!("{}{piece}{}", &target[..at], &target[at..]);
                    tried += 1;
                    let Some(ok) = safe_next(Some(&candidate)) else { continue };
                    for form in [ok.clone(), super::percent_decoded(&ok)] {
                        let resolved = base.join(&form).unwrap();
                        assert_eq!(resolved.host_str(), Some("localhost"), "{candidate:?} leads to {resolved}");
                        assert_eq!(resolved.port(), Some(3000), "{candidate:?} leads to {resolved}");
                    }
                    assert!(!ok.chars().any(char::is_control), "{candidate:?} kept a control character");
                }
            }
        }
        assert!(tried > 5_000, "{tried} cases");
    }
}
