//! The own account: profile, password, own data and sessions.

use arkki_api::account::ProfileUpdate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::account::password_change_form::PasswordChangeForm;
use crate::account::session::use_session;
use crate::api::{self, ApiAction, ApiError};
use crate::i18n::use_i18n;
use crate::ui::{use_toasts, FieldMessage, ProblemMessage};

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    view! {
        <h1>{i18n.text("account.title")}</h1>
        <ProfileSection />
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">{i18n.text("password.title")}</h2>
            <PasswordChangeForm on_changed=Callback::new(move |_| {
                toasts.show(i18n.t("password.changed"))
            }) />
        </section>
        <DataAndSessionsSection />
    }
}

/// Name and email, saved against the version they were loaded at.
#[component]
fn ProfileSection() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let user = move || session.me.get().map(|m| m.user);
    let display_name = RwSignal::new(user().map(|u| u.display_name).unwrap_or_default());
    let email = RwSignal::new(user().map(|u| u.email).unwrap_or_default());
    let save = ApiAction::new();
    let error = save.error();
    save.on_answer(move |me| {
        session.me.set(Some(me));
        toasts.show(i18n.t("account.saved"));
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.send(api::update_profile(&ProfileUpdate {
            display_name: Some(display_name.get_untracked()),
            email: Some(email.get_untracked()),
            locale: None,
            version: user().map(|u| u.version),
        }));
    };
    // After a conflict the typed values stay; reloading brings the stored version.
    let reload = move |_| {
        spawn_local(async move {
            if let Ok(me) = api::me().await {
                session.me.set(Some(me));
                save.clear();
            }
        })
    };
    let conflict = move || {
        error
            .get()
            .is_some_and(|e: ApiError| e.code == arkki_api::ErrorCode::Conflict)
    };
    view! {
        <section class="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{i18n.text("account.profile")}</h2>
            <p>
                {i18n.text("field.username")} ": "
                <strong>{move || user().map(|u| u.username)}</strong>
            </p>
            <form on:submit=submit>
                <div class="field">
                    <label for="profile-display-name">{i18n.text("field.display_name")}</label>
                    <input
                        id="profile-display-name"
                        required
                        maxlength="100"
                        autocomplete="name"
                        aria-describedby="profile-display-name-message"
                        bind:value=display_name
                    />
                    <FieldMessage id="profile-display-name-message" field="display_name" error />
                </div>
                <div class="field">
                    <label for="profile-email">{i18n.text("field.email")}</label>
                    <input
                        id="profile-email"
                        type="email"
                        autocomplete="email"
                        aria-describedby="profile-email-message"
                        bind:value=email
                    />
                    <FieldMessage id="profile-email-message" field="email" error />
                </div>
                <ProblemMessage error />
                <Show when=conflict>
                    <button type="button" on:click=reload>{i18n.text("action.reload")}</button>
                </Show>
                <button type="submit" class="primary" disabled=move || save.pending().get()>
                    {i18n.text("action.save")}
                </button>
            </form>
        </section>
    }
}

/// Downloading the own data and signing out on every device.
#[component]
fn DataAndSessionsSection() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let everywhere = ApiAction::new();
    let error = everywhere.error();
    everywhere.on_answer(move |()| {
        session.signed_out();
        navigate("/sign-in", Default::default());
    });
    view! {
        <section class="card" aria-labelledby="data-heading">
            <h2 id="data-heading">{i18n.text("account.data")}</h2>
            <p>{i18n.text("account.export_intro")}</p>
            <a class="button" href=api::EXPORT_URL download="">
                {i18n.text("account.export")}
            </a>
            <h2>{i18n.text("account.sessions")}</h2>
            <p>{i18n.text("account.sign_out_everywhere_intro")}</p>
            <ProblemMessage error />
            <button type="button" on:click=move |_| { everywhere.send(api::sign_out_everywhere()); }>
                {i18n.text("account.sign_out_everywhere")}
            </button>
        </section>
    }
}
