//! Who is signed in, shared by the whole app, and what happens when that changes mid-use.

use arkki_api::account::{Me, SessionCreated};
use arkki_api::terms::{blocks_use, PendingTerms};
use arkki_api::ErrorCode;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

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
    /// Terms awaiting the person's decision, in order.
    pub pending_terms: RwSignal<Vec<PendingTerms>>,
    /// The person asked to read declined terms again from the limited mode.
    pub reviewing_terms: RwSignal<bool>,
}

impl SessionContext {
    pub fn signed_in(&self, created: SessionCreated, i18n: I18n) {
        i18n.set(created.user.locale);
        self.expired.set(false);
        self.pending_terms.set(created.pending_terms.clone());
        self.me.set(Some(Me {
            user: created.user,
            can: created.can,
            pending_terms: created.pending_terms,
        }));
    }

    pub fn signed_out(&self) {
        api::set_csrf_token("");
        self.pending_terms.set(Vec::new());
        self.reviewing_terms.set(false);
        api::terms_settled(false);
        self.me.set(None);
    }

    /// Whether compulsory terms keep the person from the service.
    pub fn blocked_by_terms(&self) -> bool {
        self.pending_terms
            .get()
            .iter()
            .any(|p| blocks_use(p.compulsory, p.status))
    }

    /// Takes the server's new list after a decision, and lets parked requests go on (or
    /// fail) once nothing compulsory is left undecided.
    pub fn terms_decided(&self, pending: Vec<PendingTerms>) {
        let blocking = pending.iter().any(|p| blocks_use(p.compulsory, p.status));
        let undecided = pending
            .iter()
            .any(|p| p.status == arkki_api::terms::TermsStatus::Pending);
        self.pending_terms.set(pending);
        if !blocking {
            self.reviewing_terms.set(false);
            api::terms_settled(true);
        } else if !undecided {
            api::terms_settled(false);
        }
    }

    /// Reads `/me` again, e.g. when the server says a gate now applies.
    pub fn refresh(&self) {
        let me = self.me;
        let pending = self.pending_terms;
        spawn_local(async move {
            if let Ok(fresh) = api::me().await {
                pending.set(fresh.pending_terms.clone());
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
        pending_terms: RwSignal::new(Vec::new()),
        reviewing_terms: RwSignal::new(false),
    };
    provide_context(session);
    spawn_local(async move {
        if let Ok(me) = api::me().await {
            i18n.set(me.user.locale);
            session.pending_terms.set(me.pending_terms.clone());
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
        // New terms took effect mid-use: the gate shows them where the person is.
        ErrorCode::TermsPending => session.pending_terms.set(error.pending.clone()),
        _ => {}
    });
    session
}

/// Signing out from a button. The person lands on the sign-in page even when the server
/// cannot be reached: they asked to leave, and the session is forgotten here either way.
pub fn use_sign_out() -> impl Fn(leptos::ev::MouseEvent) + Clone + 'static {
    let session = use_session();
    let navigate = use_navigate();
    move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = api::sign_out().await;
            session.signed_out();
            navigate("/sign-in", Default::default());
        });
    }
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}
