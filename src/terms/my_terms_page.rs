//! "My terms": every decision the person made, the exact texts, receipts, and withdrawing
//! an optional consent.

use arkki_api::terms::{EventKind, TermsEvent};
use leptos::prelude::*;

use crate::account::session::use_session;
use crate::api::{terms as api_terms, ApiAction, ApiResource};
use crate::i18n::use_i18n;
use crate::terms::format_date;
use crate::ui::{use_toasts, Loading, ProblemMessage};

#[component]
pub fn MyTermsPage() -> impl IntoView {
    let i18n = use_i18n();
    let history = ApiResource::new(api_terms::history);
    let reload = Callback::new(move |_| history.refetch());
    view! {
        <h1>{i18n.text("my_terms.title")}</h1>
        <p>{i18n.text("my_terms.intro")}</p>
        <Loading>
                {move || Suspend::new(async move {
                    history.await.map(|events| {
                        let empty = events.is_empty();
                        view! {
                            {empty.then(|| view! { <p>{i18n.t("my_terms.none")}</p> })}
                            <ul class="terms-history">
                                <For each=move || events.clone() key=|e| e.id let:event>
                                    <TermsEventRow event on_withdrawn=reload />
                                </For>
                            </ul>
                        }
                    })
                })}
            </Loading>
    }
}

/// One decision: what, when, in which language, by whom; read, receipt, withdraw.
#[component]
fn TermsEventRow(
    /// The recorded event.
    event: TermsEvent,
    /// Runs after a consent was withdrawn.
    on_withdrawn: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let document_id = event.document_id;
    let withdraw = ApiAction::new();
    let error = withdraw.error();
    withdraw.on_answer(move |pending| {
        session.pending_terms.set(pending);
        toasts.show(i18n.t("my_terms.withdrawn"));
        on_withdrawn.run(());
    });
    let kind_key = match event.kind {
        EventKind::Accepted => "my_terms.accepted",
        EventKind::Declined => "my_terms.declined",
        EventKind::Withdrawn => "my_terms.withdrawn_event",
        EventKind::AcceptedOnBehalf => "my_terms.on_behalf",
    };
    let read_href = format!(
        "/terms/versions/{}?locale={}",
        event.version_id,
        event.locale.code()
    );
    let receipt = api_terms::receipt_url(event.id);
    let at = event.at;
    let title = event.title.clone();
    let acting = event.acting_user.clone();
    let note = event.note.clone();
    let can_withdraw = event.can_withdraw;
    view! {
        <li class="terms-event">
            <h2 class="terms-event-title">{title.clone()}</h2>
            <p>
                <strong>{move || i18n.t(kind_key)}</strong>
                " · "
                {move || format_date(at, i18n.locale.get())}
                " · "
                {event.locale.endonym()}
            </p>
            {acting.map(|name| view! {
                <p>{move || i18n.t_with("my_terms.recorded_by", &[("name", &name)])} {format!(" — {note}")}</p>
            })}
            <p class="terms-event-actions">
                <a href=read_href>{i18n.text("my_terms.read")}
                    <span class="visually-hidden">{format!(": {title}")}</span></a>
                <a class="button" href=receipt download="">{i18n.text("my_terms.receipt")}</a>
                {can_withdraw.then(|| view! {
                    <button type="button" disabled=move || withdraw.pending().get()
                        on:click=move |_| { withdraw.send(api_terms::withdraw(document_id)); }>
                        {i18n.text("my_terms.withdraw")}
                    </button>
                })}
            </p>
            <ProblemMessage error />
        </li>
    }
}
