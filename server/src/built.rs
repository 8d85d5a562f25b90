//! The files the build made for every page (the stylesheet, the JavaScript and the WASM under
//! `pkg/`, each with the brotli and gzip copies made at build time), read into memory once at
//! start-up and answered from there: no file is opened, no `.br` looked for and no thread
//! borrowed per request. Only names that carry their content's hash are held (their bytes never
//! change while the process runs); a range, a date-conditional request, any other file and a
//! dev build without `assets.txt` go to the file server as before.

use crate::{is_content_hashed, StaticFile, IMMUTABLE};
use app::Assets;
use axum::body::{Body, Bytes};
use axum::response::Response;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use std::collections::HashMap;
use std::path::Path;

/// A file larger than this stays on disk (a dev build's WASM is tens of megabytes and has no
/// compressed copies; the shipped one is about 220 KB).
const MAX_HELD_BYTES: u64 = 8 * 1024 * 1024;

/// The held files by their address (`/pkg/<name>`).
#[derive(Default)]
pub(crate) struct BuiltFiles {
    files: HashMap<String, Built>,
}

struct Built {
    content_type: HeaderValue,
    /// The hash in the name: with the encoding, the entity tag of each copy.
    hash: String,
    plain: Bytes,
    br: Option<Bytes>,
    gzip: Option<Bytes>,
}

/// The copy an answer sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl Coding {
    fn tag_suffix(self) -> &'static str {
        match self {
            Coding::Brotli => "-br",
            Coding::Gzip => "-gz",
            Coding::Identity => "",
        }
    }
}

impl std::fmt::Debug for BuiltFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<&String> = self.files.keys().collect();
        names.sort();
        f.debug_struct("BuiltFiles").field("files", &names).finish()
    }
}

impl BuiltFiles {
    /// Reads the files `assets` names from `<site_root>/pkg/`, with their `.br` and `.gz`
    /// copies where the build made them. A name without a content hash, a missing or
    /// unreadable file and a file over [`MAX_HELD_BYTES`] are left to the file server.
    pub(crate) fn load(site_root: &Path, assets: &Assets) -> Self {
        let pkg = site_root.join("pkg");
        let mut files = HashMap::new();
        for name in [&assets.css, &assets.js, &assets.wasm] {
            let address = format!("/pkg/{name}");
            if name.contains(['/', '\\']) || !is_content_hashed(&address) {
                continue;
            }
            let read = |file: &str| -> Option<Bytes> {
                let path = pkg.join(file);
                let size = std::fs::metadata(&path).ok()?.len();
                (size <= MAX_HELD_BYTES).then(|| std::fs::read(&path).ok().map(Bytes::from)).flatten()
            };
            let Some(plain) = read(name) else { continue };
            let Some((_, hash, extension)) = split_name(name) else { continue };
            let content_type = match extension {
                "css" => "text/css",
                "js" => "text/javascript",
                "wasm" => "application/wasm",
                _ => continue,
            };
            files.insert(
                address,
                Built {
                    content_type: HeaderValue::from_static(content_type),
                    hash: hash.to_owned(),
                    plain,
                    br: read(&format!("{name}.br")),
                    gzip: read(&format!("{name}.gz")),
                },
            );
        }
        BuiltFiles { files }
    }

    /// How many files are held.
    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// The answer to a `GET` or `HEAD` of a held file: the copy the browser accepts (brotli
    /// before gzip before the file itself), or 304 when `If-None-Match` names it. `None` for
    /// anything this does not answer (the file server does).
    pub(crate) fn answer(&self, method: &Method, path: &str, headers: &HeaderMap) -> Option<Response> {
        if method != Method::GET && method != Method::HEAD {
            return None;
        }
        if [header::RANGE, header::IF_RANGE, header::IF_MODIFIED_SINCE, header::IF_UNMODIFIED_SINCE, header::IF_MATCH]
            .iter()
            .any(|h| headers.contains_key(h))
        {
            return None;
        }
        let file = self.files.get(path)?;
        let (coding, bytes) = match (&file.br, &file.gzip) {
            (Some(br), _) if accepts(headers, "br") => (Coding::Brotli, br),
            (_, Some(gz)) if accepts(headers, "gzip") => (Coding::Gzip, gz),
            _ => (Coding::Identity, &file.plain),
        };
        let tag = format!("\"{}{}\"", file.hash, coding.tag_suffix());
        let fresh = headers
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == "*" || t == tag);
        let (status, body) = if fresh {
            (StatusCode::NOT_MODIFIED, Body::empty())
        } else if method == Method::HEAD {
            (StatusCode::OK, Body::empty())
        } else {
            (StatusCode::OK, Body::from(bytes.clone()))
        };
        let mut res = Response::new(body);
        *res.status_mut() = status;
        let h = res.headers_mut();
        if !fresh {
            h.insert(header::CONTENT_TYPE, file.content_type.clone());
            h.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
            match coding {
                Coding::Brotli => _ = h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br")),
                Coding::Gzip => _ = h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip")),
                Coding::Identity => {}
            }
            h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
        }
        if let Ok(tag) = HeaderValue::from_str(&tag) {
            h.insert(header::ETAG, tag);
        }
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        res.extensions_mut().insert(StaticFile);
        Some(res)
    }
}

/// `<name>.<hash>.<extension>`.
fn split_name(name: &str) -> Option<(&str, &str, &str)> {
    let mut parts = name.split('.');
    let parts = (parts.next()?, parts.next()?, parts.next()?, parts.next());
    match parts {
        (stem, hash, extension, None) => Some((stem, hash, extension)),
        _ => None,
    }
}

/// Whether `Accept-Encoding` takes `coding` (named, with a weight above zero).
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|item| {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let weight =
            parts.find_map(|p| p.trim().strip_prefix("q=").map(|q| q.trim().parse::<f32>().unwrap_or(0.0))).unwrap_or(1.0);
        name.eq_ignore_ascii_case(coding) && weight > 0.0
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A site root of the test's own with a built stylesheet (and copies) and a WASM file
    /// without copies, listed as `.ci/build` lists them.
    fn site() -> (std::path::PathBuf, BuiltFiles) {
        let root = std::env::temp_dir().join(format!("ck-built-{}-{}", std::process::id(), rand::random::<u64>()));
        let pkg = root.join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("cultuurkaart.0123456789abcdef.css"), "body { margin: 0; }").unwrap();
        std::fs::write(pkg.join("cultuurkaart.0123456789abcdef.css.br"), "brotli").unwrap();
        std::fs::write(pkg.join("cultuurkaart.0123456789abcdef.css.gz"), "gzip").unwrap();
        std::fs::write(pkg.join("cultuurkaart_bg.fedcba9876543210.wasm"), "\0asm").unwrap();
        std::fs::write(pkg.join("cultuurkaart.js"), "unhashed").unwrap();
        let assets = Assets::parse(
            "css cultuurkaart.0123456789abcdef.css\njs cultuurkaart.js\nwasm cultuurkaart_bg.fedcba9876543210.wasm\n",
        );
        let built = BuiltFiles::load(&root, &assets);
        (root, built)
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (http::HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
    }

    async fn body(res: Response) -> String {
        String::from_utf8(axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap()
    }

    fn header<'a>(res: &'a Response, name: &str) -> Option<&'a str> {
        res.headers().get(name).map(|v| v.to_str().unwrap())
    }

    #[tokio::test]
    async fn held_files_answer_the_copy_the_browser_takes_with_a_year_of_caching() {
        let (root, built) = site();
        assert_eq!(built.len(), 2, "the unhashed JavaScript is left to the file server");
        let css = "/pkg/cultuurkaart.0123456789abcdef.css";
        for (accepts, expected, encoding, tag) in [
            ("gzip, deflate, br, zstd", "brotli", Some("br"), "\"0123456789abcdef-br\""),
            ("gzip;q=1.0, br;q=0", "gzip", Some("gzip"), "\"0123456789abcdef-gz\""),
            ("br;q=0, gzip;q=0", "body { margin: 0; }", None, "\"0123456789abcdef\""),
            ("identity", "body { margin: 0; }", None, "\"0123456789abcdef\""),
        ] {
            let res = built.answer(&Method::GET, css, &headers(&[("accept-encoding", accepts)])).unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{accepts}");
            assert_eq!(header(&res, "content-encoding"), encoding, "{accepts}");
            assert_eq!(header(&res, "content-type"), Some("text/css"), "{accepts}");
            assert_eq!(header(&res, "content-length"), Some(expected.len().to_string().as_str()), "{accepts}");
            assert_eq!(header(&res, "cache-control"), Some(IMMUTABLE), "{accepts}");
            assert_eq!(header(&res, "vary"), Some("accept-encoding"), "{accepts}");
            assert_eq!(header(&res, "etag"), Some(tag), "{accepts}");
            assert!(res.extensions().get::<StaticFile>().is_some(), "the compression layer leaves it alone");
            assert_eq!(body(res).await, expected, "{accepts}");
        }

        // No copies built: the file itself whatever the browser accepts.
        let wasm = "/pkg/cultuurkaart_bg.fedcba9876543210.wasm";
        let res = built.answer(&Method::GET, wasm, &headers(&[("accept-encoding", "br, gzip")])).unwrap();
        assert_eq!((header(&res, "content-type"), header(&res, "content-encoding")), (Some("application/wasm"), None));
        assert_eq!(body(res).await, "\0asm");

        // HEAD: the headers of the GET, no body.
        let res = built.answer(&Method::HEAD, css, &headers(&[("accept-encoding", "br")])).unwrap();
        assert_eq!((res.status(), header(&res, "content-length")), (StatusCode::OK, Some("6")));
        assert_eq!(body(res).await, "");
        std::fs::remove_dir_all(root).unwrap();
    }

    #[tokio::test]
    async fn a_current_copy_gets_a_304_and_other_requests_go_to_the_file_server() {
        let (root, built) = site();
        let css = "/pkg/cultuurkaart.0123456789abcdef.css";
        let res = built
            .answer(
                &Method::GET,
                css,
                &headers(&[("accept-encoding", "br"), ("if-none-match", "\"x\", W/\"0123456789abcdef-br\"")]),
            )
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(header(&res, "cache-control"), Some(IMMUTABLE));
        assert_eq!(body(res).await, "");
        // Another copy's tag is not this copy.
        let res = built
            .answer(&Method::GET, css, &headers(&[("accept-encoding", "br"), ("if-none-match", "\"0123456789abcdef\"")]))
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);

        for (method, path, extra) in [
            (Method::GET, css, ("range", "bytes=0-3")),
            (Method::GET, css, ("if-modified-since", "Mon, 07 Dec 2026 20:00:00 GMT")),
            (Method::POST, css, ("accept", "*/*")),
            (Method::GET, "/pkg/cultuurkaart.js", ("accept", "*/*")),
            (Method::GET, "/pkg/cultuurkaart.0123456789abcdef.css.br", ("accept", "*/*")),
            (Method::GET, "/pkg/../pkg/cultuurkaart.0123456789abcdef.css", ("accept", "*/*")),
        ] {
            assert!(built.answer(&method, path, &headers(&[extra])).is_none(), "{method} {path} {extra:?}");
        }
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn names_that_are_not_plain_hashed_file_names_are_not_held() {
        let root = std::env::temp_dir().join(format!("ck-built-{}-{}", std::process::id(), rand::random::<u64>()));
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        std::fs::write(root.join("secret.0123456789abcdef.css"), "outside pkg").unwrap();
        let assets = Assets::parse("css ../secret.0123456789abcdef.css\njs missing.0123456789abcdef.js\n");
        assert_eq!(BuiltFiles::load(&root, &assets).len(), 0);
        std::fs::remove_dir_all(root).unwrap();
    }
}
