//! Who is signed in, shared by the whole app, and what happens when that changes mid-use.

use arkki_api::account::{Me, SessionCreated};
use arkki_api::ErrorCode;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::i18n::I18n;

#[derive(Clone, Copy)]
pub struct SessionContext {
    /// The signed-in user, once known.
    pub me: RwSignal<Option<Me>>,
    /// Whether the first `GET /me` has answered: until then no gate can decide.
    pub checked: RwSignal<bool>,
    /// Set when the server ended the session under the user; the sign-in page says so.
    pub expired: RwSignal<bool>,
}

impl SessionContext {
    pub fn signed_in(&self, created: SessionCreated, i18n: I18n) {
        i18n.set(created.user.locale);
        self.expired.set(false);
        self.me.set(Some(Me {
            user: created.user,
            can: created.can,
        }));
    }

    pub fn signed_out(&self) {
        api::set_csrf_token("");
        self.me.set(None);
    }

    /// Reads `/me` again, e.g. when the server says a gate now applies.
    pub fn refresh(&self) {
        let me = self.me;
        spawn_local(async move {
            if let Ok(fresh) = api::me().await {
                me.set(Some(fresh));
            }
        });
    }
}

pub fn provide_session(i18n: I18n) -> SessionContext {
    let session = SessionContext {
        me: RwSignal::new(None),
        checked: RwSignal::new(false),
        expired: RwSignal::new(false),
    };
    provide_context(session);
    spawn_local(async move {
        if let Ok(me) = api::me().await {
            i18n.set(me.user.locale);
            session.me.set(Some(me));
        }
        session.checked.set(true);
    });
    api::set_problem_listener(move |error| match error.code {
        ErrorCode::Unauthenticated if session.me.get_untracked().is_some() => {
            session.expired.set(true);
            session.signed_out();
        }
        ErrorCode::PasswordChangeRequired => session.refresh(),
        _ => {}
    });
    session
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}
