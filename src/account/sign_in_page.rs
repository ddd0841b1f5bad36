//! The sign-in page; afterwards the person returns to the page they asked for.

use arkki_api::account::safe_return_path;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::account::session::use_session;
use crate::api;
use crate::i18n::use_i18n;
use crate::ui::ProblemMessage;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let next = move || safe_return_path(query.read_untracked().get("next").as_deref());

    let sign_in = Action::new_local(|(u, p): &(String, String)| api::sign_in(u.clone(), p.clone()));
    let error = Signal::derive(move || sign_in.value().get().and_then(Result::err));

    // Signed in by this form, or already signed in: go where the person was going.
    Effect::new(move |_| {
        if let Some(Ok(created)) = sign_in.value().get() {
            session.signed_in(created, i18n);
            password.set(String::new());
        }
    });
    Effect::new(move |_| {
        if session.checked.get() && session.me.get().is_some() {
            navigate(&next(), Default::default());
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sign_in.dispatch_local((username.get_untracked(), password.get_untracked()));
    };

    view! {
        <section class="sign-in card">
            <h1>{i18n.text("sign_in.title")}</h1>
            <Show when=move || session.expired.get()>
                <p class="notice" role="status">{i18n.text("sign_in.session_expired")}</p>
            </Show>
            <form on:submit=submit>
                <div class="field">
                    <label for="sign-in-username">{i18n.text("field.username")}</label>
                    <input
                        id="sign-in-username"
                        name="username"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        required
                        bind:value=username
                    />
                </div>
                <div class="field">
                    <label for="sign-in-password">{i18n.text("field.password")}</label>
                    <input
                        id="sign-in-password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        bind:value=password
                    />
                </div>
                <ProblemMessage
                    error
                    retry=Callback::new(move |_| {
                        sign_in.dispatch_local((username.get_untracked(), password.get_untracked()));
                    })
                />
                <button type="submit" class="primary" disabled=move || sign_in.pending().get()>
                    {move || {
                        if sign_in.pending().get() {
                            i18n.t("sign_in.signing_in")
                        } else {
                            i18n.t("sign_in.submit")
                        }
                    }}
                </button>
            </form>
        </section>
    }
}
