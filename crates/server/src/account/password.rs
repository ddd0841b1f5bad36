//! Password hashing (Argon2id) and administrator-issued initial passwords.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use rand::Rng;
use std::sync::OnceLock;

use crate::error::{ApiError, ApiResult};
use arkki_api::ErrorCode;

/// Hashes off the async runtime: Argon2id is deliberately slow.
pub async fn hash(password: String) -> ApiResult<String> {
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .map_err(|_| ApiError::new(ErrorCode::Internal))
}

pub fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing with default parameters")
        .to_string()
}

/// Verifies off the async runtime. With no stored hash (unknown username) a dummy hash is
/// verified instead, so the answer takes as long and says no more.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_now("no account has this password"))
}

/// A readable one-time password: four groups of four from an alphabet without look-alikes.
pub fn initial_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    (0..4)
        .map(|_| {
            (0..4)
                .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// A random token for sessions and CSRF, URL-safe.
pub fn random_token() -> String {
    use base64::Engine;
    let bytes: [u8; 32] = rand::rngs::OsRng.gen();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arkki_api::account::broken_password_rules;

    #[test]
    fn initial_passwords_pass_the_rules_and_differ() {
        let a = initial_password();
        let b = initial_password();
        assert_ne!(a, b);
        assert_eq!(a.len(), 19);
        assert!(broken_password_rules(&a, "someone").is_empty());
    }

    #[tokio::test]
    async fn hashes_verify_only_the_right_password() {
        let h = hash("oikea-salasana-1".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("oikea-salasana-1".into(), Some(h.clone())).await);
        assert!(!verify("väärä-salasana-1".into(), Some(h)).await);
        assert!(!verify("anything".into(), None).await);
    }
}
