//! Recording terms acceptance on behalf of a student (a minor), with a note.

use arkki_api::account::Locale;
use arkki_api::terms::{OnBehalfAcceptance, PendingTerms, StudentTerms};
use leptos::prelude::*;

use crate::api::{terms as api_terms, ApiResource};
use crate::i18n::use_i18n;
use crate::ui::{use_toasts, Loading, PageCursor, Pager, ProblemMessage};

#[component]
pub fn StudentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let cursor = PageCursor::new();
    let students = ApiResource::new(move || api_terms::students(cursor.current()));
    let reload = Callback::new(move |_| students.refetch());
    view! {
        <h1>{i18n.text("students_terms.title")}</h1>
        <p>{i18n.text("students_terms.intro")}</p>
        <Loading>
                {move || Suspend::new(async move {
                    students.await.map(|page| {
                        let empty = page.items.is_empty();
                        let next = page.next.clone();
                        view! {
                            {empty.then(|| view! { <p>{i18n.t("students_terms.none")}</p> })}
                            <For each=move || page.items.clone() key=|s| (s.user_id, s.pending.len()) let:student>
                                <StudentCard student on_recorded=reload />
                            </For>
                            <Pager cursor next />
                        }
                    })
                })}
            </Loading>
    }
}

/// One student and the documents awaiting their decision.
#[component]
fn StudentCard(
    /// The student.
    student: StudentTerms,
    /// Runs after an acceptance was recorded.
    on_recorded: Callback<()>,
) -> impl IntoView {
    let heading = format!("student-{}", student.user_id);
    let user_id = student.user_id;
    view! {
        <section class="card" aria-labelledby=heading.clone()>
            <h2 id=heading.clone()>{format!("{} ({})", student.display_name, student.username)}</h2>
            <ul class="on-behalf-list">
                {student.pending.into_iter().map(|document| view! {
                    <OnBehalfForm user_id document on_recorded />
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Records acceptance of one document for one student; a note is required.
#[component]
fn OnBehalfForm(
    /// The student.
    user_id: i64,
    /// The document to accept.
    document: PendingTerms,
    /// Runs after the acceptance was recorded.
    on_recorded: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let note = RwSignal::new(String::new());
    let version_id = document.version_id;
    let record = Action::new_local(move |note: &String| {
        let note = note.clone();
        async move {
            // The hash of the exact Finnish text the guardian was shown.
            let text = api_terms::version(version_id, Locale::Fi).await?;
            api_terms::accept_on_behalf(
                version_id,
                &OnBehalfAcceptance {
                    user_id,
                    locale: text.locale,
                    content_sha256: text.content_sha256,
                    note,
                },
            )
            .await
            .map(|_| ())
        }
    });
    let error = Signal::derive(move || record.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if matches!(record.value().get(), Some(Ok(()))) {
            toasts.show(i18n.t("students_terms.recorded"));
            on_recorded.run(());
        }
    });
    let note_id = format!("note-{user_id}-{}", document.document_id);
    view! {
        <li>
            <p>
                <strong>{document.title.clone()}</strong>
                " "
                <a href=format!("/terms/versions/{version_id}?locale=fi")>{i18n.text("my_terms.read")}</a>
            </p>
            <form class="inline-form" on:submit=move |ev| {
                ev.prevent_default();
                record.dispatch_local(note.get_untracked());
            }>
                <label for=note_id.clone()>{i18n.text("students_terms.note")}</label>
                <input id=note_id required maxlength="500" bind:value=note />
                <button type="submit" class="primary" disabled=move || record.pending().get()>
                    {i18n.text("students_terms.record")}
                </button>
            </form>
            <ProblemMessage error />
        </li>
    }
}
