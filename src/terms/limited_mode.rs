//! What someone who declined compulsory terms can still do.

use leptos::prelude::*;

use crate::account::session::{use_session, use_sign_out};
use crate::api::{self, terms as api_terms, ApiAction};
use crate::i18n::use_i18n;
use crate::ui::{use_toasts, ProblemMessage};

/// Says plainly what declining means, and offers the few things still open: reading the
/// terms again, downloading own data, asking for deletion, signing out.
#[component]
pub fn LimitedMode() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let deletion = ApiAction::<()>::new();
    let error = deletion.error();
    let requested = move || deletion.answer().is_some();
    deletion.on_answer(move |()| toasts.show(i18n.t("limited.deletion_requested")));
    let sign_out = use_sign_out();
    view! {
        <section class="limited-mode card" aria-labelledby="limited-heading">
            <h1 id="limited-heading">{i18n.text("limited.title")}</h1>
            <p>{i18n.text("limited.explanation")}</p>
            <ul class="limited-actions">
                <li>
                    <button type="button" class="primary" on:click=move |_| session.reviewing_terms.set(true)>
                        {i18n.text("limited.review")}
                    </button>
                </li>
                <li>
                    <a class="button" href=api::EXPORT_URL download="">{i18n.text("account.export")}</a>
                </li>
                <li>
                    <button type="button" disabled=move || requested() || deletion.pending().get()
                        on:click=move |_| {
                            if window().confirm_with_message(&i18n.t("limited.confirm_deletion")).unwrap_or(false) {
                                deletion.send(api_terms::request_deletion());
                            }
                        }>
                        {i18n.text("limited.request_deletion")}
                    </button>
                </li>
                <li>
                    <button type="button" on:click=sign_out>{i18n.text("action.sign_out")}</button>
                </li>
            </ul>
            <ProblemMessage error />
        </section>
    }
}
