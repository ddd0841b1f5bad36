//! A real router over a real, temporary SQLite database, driven without a socket.

#![allow(dead_code)]

use arkki_server::{app, db, demo, AppState, Config};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    _dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    pub fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or("").to_owned()
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
}

/// The element of a JSON array that `matches` picks; the test fails if there is none.
pub fn entry(list: &Value, matches: impl Fn(&Value) -> bool) -> &Value {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .find(|e| matches(e))
        .expect("an element that matches")
}

/// A signed-in client: its cookie and CSRF token.
#[derive(Clone)]
pub struct Client {
    pub cookie: String,
    pub csrf: String,
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_config(Config::default()).await
    }

    pub async fn with_config(mut config: Config) -> Self {
        let dir = tempfile::tempdir().unwrap();
        config.data_dir = dir.path().to_path_buf();
        let pool = db::open(&config.data_dir).await.unwrap();
        demo::load(&pool).await.unwrap();
        let state = AppState::new(pool, config);
        TestApp {
            router: app(state.clone()),
            state,
            _dir: dir,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        client: Option<&Client>,
        body: Option<Value>,
    ) -> Reply {
        let mut builder = Request::builder().method(method.clone()).uri(path);
        if let Some(c) = client {
            builder = builder.header(header::COOKIE, &c.cookie);
            if method != Method::GET {
                builder = builder.header("X-CSRF-Token", &c.csrf);
            }
        }
        let body = match body {
            Some(v) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(serde_json::to_vec(&v).unwrap())
            }
            None => Body::empty(),
        };
        self.send(builder.body(body).unwrap()).await
    }

    pub async fn get(&self, path: &str, client: &Client) -> Reply {
        self.call(Method::GET, path, Some(client), None).await
    }

    /// A signed-in request without a body.
    pub async fn act(&self, method: Method, path: &str, client: &Client) -> Reply {
        self.call(method, path, Some(client), None).await
    }

    /// A signed-in request with a JSON body.
    pub async fn send_json(
        &self,
        method: Method,
        path: &str,
        client: &Client,
        body: Value,
    ) -> Reply {
        self.call(method, path, Some(client), Some(body)).await
    }

    pub async fn sign_in_reply(&self, username: &str, password: &str) -> Reply {
        self.call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(serde_json::json!({"username": username, "password": password})),
        )
        .await
    }

    pub async fn sign_in(&self, username: &str) -> Client {
        let reply = self.sign_in_reply(username, demo::DEMO_PASSWORD).await;
        assert_eq!(reply.status, StatusCode::CREATED, "sign in {username}");
        let cookie = reply
            .header("set-cookie")
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        Client {
            cookie,
            csrf: reply.json()["csrf_token"].as_str().unwrap().to_owned(),
        }
    }

    pub async fn user_id(&self, username: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM users WHERE username = ?")
            .bind(username)
            .fetch_one(&self.state.db)
            .await
            .unwrap()
    }
}
