//! The terms gate: each document awaiting a decision, in order, in the reader's language.

use arkki_api::terms::{Decision, PendingTerms, TermsStatus, VersionText};
use leptos::prelude::*;

use crate::account::session::use_session;
use crate::api::{terms as api_terms, ApiAction, ApiCall, ApiResource};
use crate::i18n::use_i18n;
use crate::terms::terms_diff::TermsDiff;
use crate::terms::terms_text::TermsText;
use crate::ui::ProblemMessage;

/// The document the gate shows now: the first one not yet decided, or when the person
/// reviews declined terms, the first declined compulsory one.
pub fn document_to_show(pending: &[PendingTerms], reviewing: bool) -> Option<PendingTerms> {
    pending
        .iter()
        .find(|p| p.status == TermsStatus::Pending || (reviewing && p.compulsory))
        .cloned()
}

#[component]
pub fn TermsGate() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let current = Memo::new(move |_| {
        document_to_show(&session.pending_terms.get(), session.reviewing_terms.get())
    });
    let position = move || {
        let pending = session.pending_terms.get();
        let shown = current.get().map(|c| c.document_id);
        let index = pending
            .iter()
            .position(|p| Some(p.document_id) == shown)
            .unwrap_or(0);
        i18n.t_with(
            "terms.progress",
            &[
                ("n", &(index + 1).to_string()),
                ("total", &pending.len().to_string()),
            ],
        )
    };
    let heading = NodeRef::<leptos::html::H1>::new();
    // The gate may appear mid-use: move focus to it so keyboard and screen reader users
    // know where they are.
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <section class="terms-gate card" aria-labelledby="terms-gate-heading">
            <h1 id="terms-gate-heading" tabindex="-1" node_ref=heading>{i18n.text("terms.gate_title")}</h1>
            <p>{i18n.text("terms.gate_intro")}</p>
            <p class="hint">{position}</p>
            {move || current.get().map(|document| view! { <TermsDocument document /> })}
        </section>
    }
}

/// One document: its text, the diff when accepting again, and the decision.
#[component]
fn TermsDocument(
    /// The document awaiting a decision.
    document: PendingTerms,
) -> impl IntoView {
    let i18n = use_i18n();
    let version_id = document.version_id;
    let text = ApiResource::new(move || api_terms::version(version_id, i18n.locale.get()));
    let fallback = move || view! { <p role="status">{i18n.t("state.loading")}</p> };
    let previously = document.previously_accepted_version_id;
    let compulsory = document.compulsory;
    view! {
        <Transition fallback>
            {move || Suspend::new(async move {
                match text.await {
                    Ok(text) => view! {
                        <h2 id="terms-document-heading">{text.title.clone()}</h2>
                        <p class="tag">
                            {if compulsory { i18n.t("terms.compulsory") } else { i18n.t("terms.optional") }}
                        </p>
                        {previously.map(|from| view! { <TermsDiff version_id from /> })}
                        <TermsText text=text.clone() heading_id="terms-document-heading" />
                        {if compulsory {
                            view! { <CompulsoryDecision text /> }.into_any()
                        } else {
                            view! { <OptionalDecision text /> }.into_any()
                        }}
                    }.into_any(),
                    Err(error) => {
                        let error = Signal::derive(move || Some(error.clone()));
                        view! { <ProblemMessage error retry=Callback::new(move |_| text.refetch()) /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

fn decision(text: &VersionText) -> Decision {
    Decision {
        locale: text.locale,
        content_sha256: text.content_sha256.clone(),
    }
}

/// Sends a decision and hands the server's new list to the session.
fn decide_action() -> ApiAction<Vec<PendingTerms>> {
    let session = use_session();
    let decide = ApiAction::new();
    decide.on_answer(move |pending| {
        // Deciding replaces this very document (and the component running this action):
        // hand the new list over once the action has finished.
        set_timeout(
            move || session.terms_decided(pending),
            std::time::Duration::ZERO,
        );
    });
    decide
}

/// Accepting or declining one version, as the person chose.
fn decide(id: i64, accept: bool, decision: &Decision) -> ApiCall<Vec<PendingTerms>> {
    if accept {
        api_terms::accept(id, decision)
    } else {
        api_terms::decline(id, decision)
    }
}

/// "I have read and accept", unticked; or decline, with what declining means.
#[component]
fn CompulsoryDecision(
    /// The exact text shown, whose hash the decision records.
    text: VersionText,
) -> impl IntoView {
    let i18n = use_i18n();
    let ticked = RwSignal::new(false);
    let decide = decide_action();
    let error = decide.error();
    let id = text.version_id;
    let chosen = decision(&text);
    let declined = chosen.clone();
    view! {
        <form class="terms-decision" on:submit=move |ev| {
            ev.prevent_default();
            if ticked.get_untracked() {
                decide.send(self::decide(id, true, &chosen));
            }
        }>
            <div class="checkbox">
                <input type="checkbox" id="terms-accept" bind:checked=ticked />
                <label for="terms-accept">{i18n.text("terms.i_accept")}</label>
            </div>
            <ProblemMessage error />
            <div class="actions">
                <button type="submit" class="primary" disabled=move || !ticked.get() || decide.pending().get()>
                    {i18n.text("terms.accept")}
                </button>
                <button type="button" disabled=move || decide.pending().get()
                    on:click=move |_| { decide.send(self::decide(id, false, &declined)); }>
                    {i18n.text("terms.decline")}
                </button>
            </div>
            <p class="hint">{i18n.text("terms.decline_means")}</p>
        </form>
    }
}

/// An optional consent: an explicit yes or no, with nothing chosen in advance.
#[component]
fn OptionalDecision(
    /// The exact text shown, whose hash the decision records.
    text: VersionText,
) -> impl IntoView {
    let i18n = use_i18n();
    let choice = RwSignal::new(None::<bool>);
    let decide = decide_action();
    let error = decide.error();
    let id = text.version_id;
    let chosen = decision(&text);
    view! {
        <form class="terms-decision" on:submit=move |ev| {
            ev.prevent_default();
            if let Some(accept) = choice.get_untracked() {
                decide.send(self::decide(id, accept, &chosen));
            }
        }>
            <fieldset>
                <legend>{i18n.text("terms.your_choice")}</legend>
                <div class="checkbox">
                    <input type="radio" name="consent" id="consent-yes"
                        on:change=move |_| choice.set(Some(true)) />
                    <label for="consent-yes">{i18n.text("terms.consent_yes")}</label>
                </div>
                <div class="checkbox">
                    <input type="radio" name="consent" id="consent-no"
                        on:change=move |_| choice.set(Some(false)) />
                    <label for="consent-no">{i18n.text("terms.consent_no")}</label>
                </div>
            </fieldset>
            <p class="hint">{i18n.text("terms.optional_means")}</p>
            <ProblemMessage error />
            <button type="submit" class="primary" disabled=move || choice.get().is_none() || decide.pending().get()>
                {i18n.text("terms.save_choice")}
            </button>
        </form>
    }
}
