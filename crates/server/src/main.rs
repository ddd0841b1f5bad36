//! `arkki-server`: serves the API and the built app.

use std::net::SocketAddr;
use std::path::PathBuf;

use arkki_server::{app, db, demo, AppState, Config};

const USAGE: &str = "\
arkki-server [--addr ADDR] [--data-dir DIR] [--dist DIR] [--demo]

  --addr ADDR       listen address          (ARKKI_ADDR, default 127.0.0.1:8080)
  --data-dir DIR    database and files      (ARKKI_DATA_DIR, default ./data)
  --dist DIR        the built app to serve  (ARKKI_DIST)
  --demo            load the demo data (idempotent)
  --secure-cookies  mark the session cookie Secure (ARKKI_SECURE_COOKIES=1); use behind HTTPS
Environment only:
  ARKKI_SESSION_IDLE_MINUTES   idle time before a session ends (default 30)
  ARKKI_TERMS_STORE_IP=1       store the client address (X-Forwarded-For) with terms events
  ARKKI_TERMS_RETENTION_DAYS   purge terms events older than this at start (default: keep)
";

struct Options {
    addr: String,
    data_dir: PathBuf,
    dist: Option<PathBuf>,
    demo: bool,
    secure_cookies: bool,
}

fn options() -> Result<Options, String> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let mut o = Options {
        addr: env("ARKKI_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into()),
        data_dir: env("ARKKI_DATA_DIR")
            .unwrap_or_else(|| "./data".into())
            .into(),
        dist: env("ARKKI_DIST").map(PathBuf::from),
        demo: false,
        secure_cookies: env("ARKKI_SECURE_COOKIES").is_some_and(|v| v == "1" || v == "true"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--addr" => o.addr = value("--addr")?,
            "--data-dir" => o.data_dir = value("--data-dir")?.into(),
            "--dist" => o.dist = Some(value("--dist")?.into()),
            "--demo" => o.demo = true,
            "--secure-cookies" => o.secure_cookies = true,
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(o)
}

#[tokio::main]
async fn main() {
    let options = match options() {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}\n\n{USAGE}");
            std::process::exit(2);
        }
    };
    let addr: SocketAddr = match options.addr.parse() {
        Ok(a) => a,
        Err(_) => {
            eprintln!("--addr: not an address: {}", options.addr);
            std::process::exit(2);
        }
    };
    let mut config = Config {
        data_dir: options.data_dir,
        dist: options.dist,
        secure_cookies: options.secure_cookies,
        ..Config::default()
    };
    if let Some(minutes) = std::env::var("ARKKI_SESSION_IDLE_MINUTES")
        .ok()
        .and_then(|m| m.parse::<u64>().ok())
    {
        config.session_idle = std::time::Duration::from_secs(minutes * 60);
    }
    config.terms_store_ip = std::env::var("ARKKI_TERMS_STORE_IP").is_ok_and(|v| v == "1");
    config.terms_retention_days = std::env::var("ARKKI_TERMS_RETENTION_DAYS")
        .ok()
        .and_then(|d| d.parse().ok());
    if let Some(dist) = &config.dist {
        if !dist.join("index.html").exists() {
            eprintln!(
                "warning: {} has no index.html; build the app first",
                dist.display()
            );
        }
    }
    let pool = match db::open(&config.data_dir).await {
        Ok(pool) => pool,
        Err(err) => {
            eprintln!(
                "cannot open the database in {}: {err}",
                config.data_dir.display()
            );
            std::process::exit(1);
        }
    };
    if options.demo {
        if let Err(err) = demo::load(&pool).await {
            eprintln!("cannot load the demo data: {err}");
            std::process::exit(1);
        }
    }
    if let Some(days) = config.terms_retention_days {
        match arkki_server::terms::purge_expired_events(&pool, days).await {
            Ok(n) => println!("retention: removed {n} terms events older than {days} days"),
            Err(err) => eprintln!("retention purge failed: {err}"),
        }
    }
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(err) => {
            eprintln!("cannot listen on {addr}: {err}");
            std::process::exit(1);
        }
    };
    println!("Arkki listening on http://{addr}");
    let service =
        app(AppState::new(pool, config)).into_make_service_with_connect_info::<SocketAddr>();
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(err) = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("server error: {err}");
        std::process::exit(1);
    }
}
