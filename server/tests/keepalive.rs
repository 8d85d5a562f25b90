//! A browser keeps its connection open after the page, for the stylesheet, the JavaScript and
//! the WASM. On such a kept-alive connection every kind of answer must come as fast as on a
//! fresh one: a response written in two pieces (headers, then body) must not wait for the
//! client's delayed acknowledgement (Nagle's algorithm, ~40 ms a request). Runs the real
//! listener (`server::serve`) on the loopback, on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fixture;
use services::testing;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// One request on the open connection; the answer's status and body, read to its end
/// (by `Content-Length` or chunk by chunk).
async fn exchange(conn: &mut BufReader<TcpStream>, request: &str) -> (u16, Vec<u8>) {
    conn.get_mut().write_all(request.as_bytes()).await.unwrap();
    let mut line = String::new();
    conn.read_line(&mut line).await.unwrap();
    let status: u16 = line.split(' ').nth(1).unwrap().parse().unwrap();
    let (mut length, mut chunked) = (None, false);
    loop {
        line.clear();
        conn.read_line(&mut line).await.unwrap();
        let header = line.trim_end().to_ascii_lowercase();
        if header.is_empty() {
            break;
        }
        if let Some(v) = header.strip_prefix("content-length:") {
            length = Some(v.trim().parse::<usize>().unwrap());
        }
        if header.starts_with("transfer-encoding:") && header.contains("chunked") {
            chunked = true;
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            conn.read_line(&mut line).await.unwrap();
            let size = usize::from_str_radix(line.trim_end().split(';').next().unwrap(), 16).unwrap();
            let mut chunk = vec![0; size + 2];
            conn.read_exact(&mut chunk).await.unwrap();
            body.extend_from_slice(&chunk[..size]);
            if size == 0 {
                break;
            }
        }
    } else {
        body.resize(length.expect("a length or chunks"), 0);
        conn.read_exact(&mut body).await.unwrap();
    }
    (status, body)
}

#[test]
fn kept_alive_connections_answer_every_kind_of_request_without_a_stall() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let session = f.sessions[&domain::Role::Student].clone();
            // A stylesheet of the size the app ships, under a hashed name.
            let dir = std::env::temp_dir().join("ck-test-site").join("pkg");
            let name = format!("ck-keepalive-{}.0123456789abcdef.css", std::process::id());
            std::fs::write(dir.join(&name), "p { margin: 0; }\n".repeat(700)).unwrap();

            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let serving = tokio::spawn(server::serve(listener, f.router.clone(), async {
                let _ = stopped.await;
            }));

            let get = |path: &str, extra: &str| {
                format!("GET {path} HTTP/1.1\r\nHost: localhost:3000\r\nAccept: text/html\r\nAccept-Encoding: identity\r\n{extra}\r\n")
            };
            let kinds = [
                ("static file", get(&format!("/pkg/{name}"), "")),
                ("health check", get("/healthz", "")),
                ("page, signed in", get("/student", &format!("Cookie: ck_session={session}\r\n"))),
                (
                    "server function",
                    format!(
                        "POST /api/auth/me HTTP/1.1\r\nHost: localhost:3000\r\nOrigin: {}\r\nSec-Fetch-Site: same-origin\r\n\
                         Cookie: ck_session={session}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n",
                        common::ORIGIN
                    ),
                ),
            ];
            let mut kept = BufReader::new(TcpStream::connect(addr).await.unwrap());
            for (kind, request) in &kinds {
                // The first request of each kind may warm a cache; it is not counted.
                let (status, body) = exchange(&mut kept, request).await;
                assert_eq!(status, 200, "{kind}: {}", String::from_utf8_lossy(&body));
                let mut on_kept = Vec::new();
                let mut on_fresh = Vec::new();
                for _ in 0..11 {
                    let started = Instant::now();
                    let (status, body) = exchange(&mut kept, request).await;
                    on_kept.push(started.elapsed());
                    assert_eq!((status, body.is_empty()), (200, false), "{kind}");
                    let started = Instant::now();
                    let mut fresh = BufReader::new(TcpStream::connect(addr).await.unwrap());
                    let (status, _) = exchange(&mut fresh, request).await;
                    on_fresh.push(started.elapsed());
                    assert_eq!(status, 200, "{kind}");
                }
                on_kept.sort();
                on_fresh.sort();
                let (slowest, kept_median, fresh_median) = (on_kept[10], on_kept[5], on_fresh[5]);
                // A stall is ~40 ms a request; rendering a page in a test build takes its own time,
                // the same on either connection.
                assert!(
                    kept_median < fresh_median + Duration::from_millis(15),
                    "{kind}: {kept_median:?} on a kept-alive connection, {fresh_median:?} on a fresh one"
                );
                if matches!(*kind, "static file" | "health check") {
                    assert!(slowest < Duration::from_millis(10), "{kind}: the slowest kept-alive request took {slowest:?}");
                }
            }
            stop.send(()).unwrap();
            serving.await.unwrap().unwrap();
            std::fs::remove_file(dir.join(&name)).unwrap();
        }
    })
}
