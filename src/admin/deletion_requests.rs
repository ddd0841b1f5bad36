//! Deletion requests waiting for an administrator.

use arkki_api::admin::DeletionRequest;
use leptos::prelude::*;

use crate::api::{self, ApiAction, ApiResource};
use crate::i18n::use_i18n;
use crate::terms::format_date;
use crate::ui::{use_toasts, ProblemMessage};

/// Lists open requests of the accounts the signed-in user administers; completing one
/// anonymises the account. Shown only when there is something to do.
#[component]
pub fn DeletionRequests(
    /// Runs after an account was anonymised.
    on_completed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let requests = ApiResource::new(api::deletion_requests);
    let list = move || requests.get().and_then(|r| r.ok()).unwrap_or_default();
    let reload = Callback::new(move |_| {
        requests.refetch();
        on_completed.run(());
    });
    view! {
        <Show when=move || !list().is_empty()>
            <section class="card" aria-labelledby="deletion-requests">
                <h2 id="deletion-requests">{i18n.text("deletion.title")}</h2>
                <p>{i18n.text("deletion.intro")}</p>
                <ul class="account-list">
                    <For each=list key=|r| r.id let:request>
                        <DeletionRequestRow request on_completed=reload />
                    </For>
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn DeletionRequestRow(
    /// The open request.
    request: DeletionRequest,
    /// Runs after it was completed.
    on_completed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = request.id;
    let complete = ApiAction::new();
    let error = complete.error();
    complete.on_answer(move |()| {
        toasts.show(i18n.t("deletion.completed"));
        on_completed.run(());
    });
    let at = request.requested_at;
    let name = format!("{} ({})", request.user.display_name, request.user.username);
    view! {
        <li class="account">
            <div class="account-facts">
                <strong>{name.clone()}</strong>
                <span>{move || i18n.t_with("deletion.requested_at", &[("date", &format_date(at, i18n.locale.get()))])}</span>
            </div>
            <button type="button" disabled=move || complete.pending().get() on:click=move |_| {
                if window().confirm_with_message(&i18n.t("deletion.confirm")).unwrap_or(false) {
                    complete.send(api::complete_deletion(id));
                }
            }>
                {i18n.text("deletion.complete")}
                <span class="visually-hidden">{format!(": {name}")}</span>
            </button>
            <ProblemMessage error />
        </li>
    }
}
