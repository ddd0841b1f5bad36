//! The gate a person with an administrator-issued password must pass first.

use arkki_api::account::safe_return_path;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::account::password_change_form::PasswordChangeForm;
use crate::i18n::use_i18n;
use crate::ui::use_toasts;

#[component]
pub fn PasswordChangePage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let query = use_query_map();
    let on_changed = Callback::new(move |_| {
        toasts.show(i18n.t("password.changed"));
        let next = safe_return_path(query.read_untracked().get("next").as_deref());
        navigate(&next, Default::default());
    });
    view! {
        <section class="card">
            <h1>{i18n.text("password.title")}</h1>
            <p>{i18n.text("password.forced_intro")}</p>
            <PasswordChangeForm on_changed />
        </section>
    }
}
