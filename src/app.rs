//! The router, the page layout and the gates every route passes in order:
//! signed in → own password set → terms accepted.

use arkki_api::account::{current_gate, Gate};
use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Redirect, Route, Router};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::account::session::{provide_session, use_session};
use crate::account::{AccountPage, PasswordChangePage, SignInPage};
use crate::admin::{OrganisationsPage, UsersPage};
use crate::i18n::{provide_i18n, use_i18n};
use crate::terms::{
    AdminTermsPage, LimitedMode, MyTermsPage, NoticeBanners, StudentsPage, TermsGate, VersionPage,
};
use crate::ui::site_header::SiteHeader;
use crate::ui::{provide_toasts, ToastRegion};

#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    provide_session(i18n);
    provide_toasts();
    view! {
        <Router>
            <SiteHeader />
            <NoticeBanners />
            <main id="main" tabindex="-1">
                // Flat routes with the gates around each page: the nested router costs
                // about 9 KB more of the bundle, and nothing here needs nesting.
                <FlatRoutes fallback=NotFound>
                    <Route path=path!("/sign-in") view=SignInPage />
                    <Route path=path!("/") view=|| gated(HomePage) />
                    <Route path=path!("/change-password") view=|| gated(PasswordChangePage) />
                    <Route path=path!("/account") view=|| gated(AccountPage) />
                    <Route path=path!("/admin/organisations") view=|| gated(OrganisationsPage) />
                    <Route path=path!("/admin/users") view=|| gated(UsersPage) />
                    <Route path=path!("/admin/terms") view=|| gated(AdminTermsPage) />
                    <Route path=path!("/terms") view=|| gated(MyTermsPage) />
                    <Route path=path!("/terms/students") view=|| gated(StudentsPage) />
                    <Route path=path!("/terms/versions/:id") view=|| gated(VersionPage) />
                </FlatRoutes>
            </main>
            <ToastRegion />
        </Router>
    }
}

/// A page behind the gates.
fn gated<V: IntoView + 'static>(page: fn() -> V) -> impl IntoView {
    view! { <Gates page=move || page() /> }
}

fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

/// What the gates decide for the current location.
#[derive(Clone, PartialEq)]
enum GateDecision {
    /// The session is not known yet.
    Waiting,
    /// Leaving for the sign-in page: nothing to show here any more.
    Leaving,
    Redirect(String),
    Open,
}

/// Shows the page asked for only once every gate is passed; otherwise the first gate,
/// remembering the page so the person returns to it.
#[component]
fn Gates(
    /// The page asked for.
    #[prop(into)]
    page: ViewFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    // A memo, so that the page is not rebuilt when the account changes but the decision
    // does not (a saved profile must not remount the page being edited).
    let decision = Memo::new(move |_| {
        if !session.checked.get() {
            return GateDecision::Waiting;
        }
        let path = location.pathname.get();
        if path == "/sign-in" {
            return GateDecision::Leaving;
        }
        let search = location.search.get_untracked();
        let here = if search.is_empty() {
            path.clone()
        } else {
            format!("{path}?{search}")
        };
        let me = session.me.get();
        match current_gate(me.as_ref().map(|m| &m.user), false) {
            Gate::SignIn => GateDecision::Redirect(format!("/sign-in?next={}", encode(&here))),
            Gate::ChangePassword if path != "/change-password" => {
                GateDecision::Redirect(format!("/change-password?next={}", encode(&here)))
            }
            _ => GateDecision::Open,
        }
    });
    move || match decision.get() {
        GateDecision::Waiting => {
            view! { <p class="loading" role="status">{i18n.t("state.loading")}</p> }.into_any()
        }
        GateDecision::Leaving => ().into_any(),
        GateDecision::Redirect(path) => view! { <Redirect path /> }.into_any(),
        GateDecision::Open => view! { <TermsStep page=page.clone() /> }.into_any(),
    }
}

/// The third gate. The page stays mounted (hidden) while terms are shown, so that a
/// request met by new terms mid-use is retried after acceptance with nothing lost.
#[component]
fn TermsStep(
    /// The page asked for.
    page: ViewFn,
) -> impl IntoView {
    let session = use_session();
    // Gates run in order: the own password comes before the terms.
    let password_first = move || {
        session
            .me
            .get()
            .is_some_and(|m| m.user.must_change_password)
    };
    let asking = Memo::new(move |_| {
        !password_first()
            && crate::terms::terms_gate::document_to_show(
                &session.pending_terms.get(),
                session.reviewing_terms.get(),
            )
            .is_some()
    });
    let limited =
        Memo::new(move |_| !password_first() && !asking.get() && session.blocked_by_terms());
    let hide_page = move || asking.get() || limited.get();
    view! {
        <Show when=move || asking.get()>
            <TermsGate />
        </Show>
        <Show when=move || limited.get()>
            <LimitedMode />
        </Show>
        <div class="page" hidden=hide_page inert=hide_page>
            {page.run()}
        </div>
    }
}

/// The start page: a greeting and what this person can reach.
#[component]
fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let name = move || {
        session
            .me
            .get()
            .map(|m| m.user.display_name)
            .unwrap_or_default()
    };
    let can = move || session.me.get().map(|m| m.can).unwrap_or_default();
    view! {
        <h1>{move || i18n.t_with("home.greeting", &[("name", &name())])}</h1>
        <ul class="home-links">
            <li><a href="/account">{i18n.text("nav.account")}</a></li>
            <Show when=move || can().administer_organisations>
                <li><a href="/admin/organisations">{i18n.text("nav.organisations")}</a></li>
            </Show>
            <Show when=move || can().administer_users>
                <li><a href="/admin/users">{i18n.text("nav.users")}</a></li>
            </Show>
            <li><a href="/terms">{i18n.text("nav.my_terms")}</a></li>
            <Show when=move || can().record_terms_on_behalf>
                <li><a href="/terms/students">{i18n.text("nav.students_terms")}</a></li>
            </Show>
            <Show when=move || can().administer_terms>
                <li><a href="/admin/terms">{i18n.text("nav.admin_terms")}</a></li>
            </Show>
        </ul>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{i18n.text("not_found.title")}</h1>
        <p><a href="/">{i18n.text("nav.home")}</a></p>
    }
}
