//! Administrators' terms page: documents and versions, drafting with preview, publishing,
//! retiring, the acceptance report, asking a segment again, and service notices.

use arkki_api::account::{Locale, Role};
use arkki_api::terms::{
    AdminDocument, AdminVersion, AskAgain, Audience, DocumentKind, DraftText, DraftTexts,
    NewDocument, NewNotice, NoticeKind, Publication, VersionState,
};
use leptos::prelude::*;

use crate::api::terms as api_terms;
use crate::api::{ApiAction, ApiResource};
use crate::i18n::use_i18n;
use crate::terms::audience_select::AudienceSelect;
use crate::terms::format_date;
use crate::ui::{use_toasts, Loading, ProblemMessage};

#[component]
pub fn AdminTermsPage() -> impl IntoView {
    let i18n = use_i18n();
    let documents = ApiResource::new(api_terms::documents);
    let reload = Callback::new(move |_| documents.refetch());
    let organisation_list = ApiResource::new(|| crate::api::organisations(None));
    let organisations = Signal::derive(move || {
        organisation_list
            .get()
            .and_then(|r| r.ok())
            .map(|p| {
                p.items
                    .into_iter()
                    .map(|o| (o.id, o.name))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    provide_context(OrganisationChoices(organisations));
    view! {
        <h1>{i18n.text("admin_terms.title")}</h1>
        <Loading>
                {move || Suspend::new(async move {
                    documents.await.map(|documents| view! {
                        <For each=move || documents.clone() key=|d| (d.id, d.versions.iter().map(|v| (v.id, v.state)).collect::<Vec<_>>()) let:document>
                            <DocumentCard document on_changed=reload />
                        </For>
                    })
                })}
            </Loading>
        <NewDocumentForm on_created=reload />
        <NoticeForm />
    }
}

/// The organisations offered as audiences on this page.
#[derive(Clone, Copy)]
struct OrganisationChoices(Signal<Vec<(i64, String)>>);

/// A new document: its name, kind, whether it is compulsory, and who it is for.
#[component]
fn NewDocumentForm(
    /// Runs after the document was created.
    on_created: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let OrganisationChoices(organisations) = expect_context();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(DocumentKind::TermsOfService);
    let compulsory = RwSignal::new(true);
    let audience = RwSignal::new(Audience::Everyone);
    let create = ApiAction::new();
    let error = create.error();
    create.on_answer(move |_| {
        name.set(String::new());
        toasts.show(i18n.t("admin_terms.saved"));
        on_created.run(());
    });
    view! {
        <section class="card" aria-labelledby="new-document-heading">
            <h2 id="new-document-heading">{i18n.text("admin_terms.new_document")}</h2>
            <form on:submit=move |ev| {
                ev.prevent_default();
                create.send(api_terms::create_document(&NewDocument {
                    name: name.get_untracked(),
                    kind: kind.get_untracked(),
                    position: 10,
                    compulsory: compulsory.get_untracked(),
                    audience: audience.get_untracked(),
                    languages: Locale::ALL.to_vec(),
                }));
            }>
                <div class="field">
                    <label for="new-document-name">{i18n.text("field.name")}</label>
                    <input id="new-document-name" required maxlength="120" bind:value=name />
                </div>
                <div class="field">
                    <label for="new-document-kind">{i18n.text("field.kind")}</label>
                    <select id="new-document-kind" on:change=move |ev| {
                        if let Some(k) = DocumentKind::parse(&event_target_value(&ev)) { kind.set(k) }
                    }>
                        {DocumentKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str()>{move || i18n.t(&format!("terms_kind.{}", k.as_str()))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="checkbox">
                    <input type="checkbox" id="new-document-compulsory" bind:checked=compulsory />
                    <label for="new-document-compulsory">{i18n.text("terms.compulsory")}</label>
                </div>
                <div class="field">
                    <AudienceSelect id="new-document-audience".to_owned() label_key="admin_terms.audience"
                        organisations chosen=audience />
                </div>
                <ProblemMessage error />
                <button type="submit" class="primary">{i18n.text("admin_terms.create_document")}</button>
            </form>
        </section>
    }
}

fn state_key(state: VersionState) -> &'static str {
    match state {
        VersionState::Draft => "admin_terms.state_draft",
        VersionState::Scheduled => "admin_terms.state_scheduled",
        VersionState::Active => "admin_terms.state_active",
        VersionState::Retired => "admin_terms.state_retired",
    }
}

/// One document with its versions and what can be done with them.
#[component]
fn DocumentCard(
    /// The document with its versions.
    document: AdminDocument,
    /// Runs after anything changed.
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("document-{}", document.id);
    let versions = document.versions.clone();
    let document_id = document.id;
    view! {
        <section class="card" aria-labelledby=heading.clone()>
            <h2 id=heading.clone()>{document.name.clone()}</h2>
            <p class="hint">
                {move || i18n.t(&format!("terms_kind.{}", document.kind.as_str()))}
                " · "
                {move || if document.compulsory { i18n.t("terms.compulsory") } else { i18n.t("terms.optional") }}
            </p>
            <ul class="version-list">
                {versions.into_iter().map(|version| view! {
                    <VersionRow version on_changed />
                }).collect_view()}
            </ul>
            <DraftForm document_id on_created=on_changed />
            <AskAgainForm document_id />
        </section>
    }
}

/// One version: its state and languages, publish or retire, and its report.
#[component]
fn VersionRow(
    /// The version.
    version: AdminVersion,
    /// Runs after publishing or retiring.
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = version.id;
    let material = RwSignal::new(true);
    let date = RwSignal::new(String::new());
    let publish = ApiAction::new();
    let retire = ApiAction::new();
    let (publish_error, retire_error) = (publish.error(), retire.error());
    let error = Signal::derive(move || publish_error.get().or_else(|| retire_error.get()));
    let changed = move || {
        toasts.show(i18n.t("admin_terms.saved"));
        on_changed.run(());
    };
    publish.on_answer(move |_| changed());
    retire.on_answer(move |()| changed());
    let show_report = RwSignal::new(false);
    let languages = version
        .languages
        .iter()
        .map(|l| l.code())
        .collect::<Vec<_>>()
        .join(", ");
    let state = version.state;
    let effective = version.effective_at;
    view! {
        <li class="version">
            <p>
                <strong>{version.title.clone()}</strong>
                " · " {move || i18n.t(state_key(state))}
                {move || effective.map(|at| format!(" · {}", format_date(at, i18n.locale.get())))}
                " · " {languages}
                {(!version.material).then(|| view! { " · " {i18n.text("admin_terms.minor")} })}
            </p>
            {(state == VersionState::Draft).then(|| view! {
                <form class="inline-form" on:submit=move |ev| {
                    ev.prevent_default();
                    let effective_at = parse_local_datetime(&date.get_untracked());
                    publish.send(api_terms::publish(id, &Publication { effective_at, material: material.get_untracked() }));
                }>
                    <div class="checkbox">
                        <input type="checkbox" id=format!("material-{id}") bind:checked=material />
                        <label for=format!("material-{id}")>{i18n.text("admin_terms.material")}</label>
                    </div>
                    <label for=format!("effective-{id}")>{i18n.text("admin_terms.effective_at")}</label>
                    <input type="datetime-local" id=format!("effective-{id}") bind:value=date />
                    <button type="submit" class="primary">{i18n.text("admin_terms.publish")}</button>
                </form>
            })}
            {matches!(state, VersionState::Active | VersionState::Scheduled).then(|| view! {
                <button type="button" on:click=move |_| { retire.send(api_terms::retire(id)); }>
                    {i18n.text("admin_terms.retire")}
                </button>
            })}
            {(state != VersionState::Draft).then(|| view! {
                <button type="button" aria-expanded=move || show_report.get().to_string()
                    on:click=move |_| show_report.update(|s| *s = !*s)>
                    {i18n.text("admin_terms.report")}
                </button>
            })}
            <ProblemMessage error />
            <Show when=move || show_report.get()>
                <VersionReportView version_id=id />
            </Show>
        </li>
    }
}

/// `YYYY-MM-DDTHH:MM` in the browser's time zone to UTC seconds; empty means now.
fn parse_local_datetime(value: &str) -> Option<i64> {
    if value.is_empty() {
        return None;
    }
    let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
    (!ms.is_nan()).then(|| (ms / 1000.0) as i64)
}

/// Accepted, declined and pending, in numbers and per cent, by organisation and role.
#[component]
fn VersionReportView(
    /// The version reported on.
    version_id: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let report = ApiResource::new(move || api_terms::report(version_id));
    let error = Signal::derive(move || report.get().and_then(|r| r.err()));
    let table = move |caption: String, rows: Vec<arkki_api::terms::ReportCounts>| {
        view! {
            <table class="report">
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("admin_terms.segment")}</th>
                    <th scope="col">{i18n.t("admin_terms.accepted")}</th>
                    <th scope="col">{i18n.t("admin_terms.declined")}</th>
                    <th scope="col">{i18n.t("admin_terms.pending")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|c| {
                        let cell = |n: u32| format!("{n} ({} %)", c.percent(n));
                        let segment = Role::parse(&c.segment)
                            .map(|r| i18n.t(&format!("role.{}", r.as_str())))
                            .unwrap_or_else(|| if c.segment == "all" { i18n.t("admin_terms.everyone") } else { c.segment.clone() });
                        view! { <tr>
                            <th scope="row">{segment}</th>
                            <td>{cell(c.accepted)}</td>
                            <td>{cell(c.declined)}</td>
                            <td>{cell(c.pending)}</td>
                        </tr> }
                    }).collect_view()}
                </tbody>
            </table>
        }
    };
    view! {
        <div class="report-view">
            <ProblemMessage error />
            {move || report.get().and_then(|r| r.ok()).map(|r| view! {
                {table(i18n.t("admin_terms.total"), vec![r.total.clone()])}
                {table(i18n.t("admin_terms.by_organisation"), r.by_organisation.clone())}
                {table(i18n.t("admin_terms.by_role"), r.by_role.clone())}
                <details>
                    <summary>{i18n.t("admin_terms.people")}</summary>
                    <ul>
                        {r.users.iter().map(|u| view! {
                            <li>{format!("{} ({}) — {} — ", u.display_name, u.username, u.organisation)}
                                {i18n.t(&format!("admin_terms.{}", match u.status {
                                    arkki_api::terms::TermsStatus::Accepted => "accepted",
                                    arkki_api::terms::TermsStatus::Declined => "declined",
                                    arkki_api::terms::TermsStatus::Pending => "pending",
                                }))}
                            </li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
            <a class="button" href=api_terms::report_csv_url(version_id) download="">
                {i18n.text("admin_terms.download_csv")}
            </a>
        </div>
    }
}

/// A new draft: a title and Markdown text per language, each with a preview.
#[component]
fn DraftForm(
    /// The document the draft belongs to.
    document_id: i64,
    /// Runs after the draft was created.
    on_created: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let fields: Vec<(Locale, RwSignal<String>, RwSignal<String>)> = Locale::ALL
        .into_iter()
        .map(|l| {
            (
                l,
                RwSignal::new(String::new()),
                RwSignal::new(String::new()),
            )
        })
        .collect();
    let fields = StoredValue::new(fields);
    let create = ApiAction::new();
    let error = create.error();
    create.on_answer(move |_| {
        open.set(false);
        on_created.run(());
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let texts = fields.with_value(|f| {
            f.iter()
                .filter(|(_, title, body)| {
                    !title.get_untracked().is_empty() || !body.get_untracked().is_empty()
                })
                .map(|(locale, title, body)| DraftText {
                    locale: *locale,
                    title: title.get_untracked(),
                    body_markdown: body.get_untracked(),
                })
                .collect()
        });
        create.send(api_terms::create_draft(document_id, &DraftTexts { texts }));
    };
    view! {
        <button type="button" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
            {i18n.text("admin_terms.new_version")}
        </button>
        <Show when=move || open.get()>
            <form class="draft-form" on:submit=submit>
                {fields.get_value().into_iter().map(|(locale, title, body)| {
                    let prefix = format!("draft-{document_id}-{}", locale.code());
                    view! {
                        <fieldset lang=locale.code()>
                            <legend>{locale.endonym()}</legend>
                            <div class="field">
                                <label for=format!("{prefix}-title")>{i18n.text("admin_terms.version_title")}</label>
                                <input id=format!("{prefix}-title") bind:value=title maxlength="200" />
                            </div>
                            <div class="field wide">
                                <label for=format!("{prefix}-body")>{i18n.text("admin_terms.markdown")}</label>
                                <textarea id=format!("{prefix}-body") rows="10"
                                    prop:value=move || body.get()
                                    on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                            </div>
                            <MarkdownPreview markdown=body />
                        </fieldset>
                    }
                }).collect_view()}
                <ProblemMessage error />
                <button type="submit" class="primary" disabled=move || create.pending().get()>
                    {i18n.text("admin_terms.save_draft")}
                </button>
            </form>
        </Show>
    }
}

/// The text as readers will see it, rendered by the server.
#[component]
fn MarkdownPreview(
    /// The Markdown source.
    markdown: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let preview = ApiAction::new();
    view! {
        <button type="button" on:click=move |_| { preview.send(api_terms::preview(&markdown.get_untracked())); }>
            {i18n.text("admin_terms.preview")}
        </button>
        {move || preview.answer().map(|preview| view! {
            <div class="terms-preview terms-body" inner_html=preview.html></div>
        })}
    }
}

/// Requiring everyone, one role or one organisation to accept the document again.
#[component]
fn AskAgainForm(
    /// The document.
    document_id: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let OrganisationChoices(organisations) = expect_context();
    let audience = RwSignal::new(Audience::Everyone);
    let ask = ApiAction::new();
    let error = ask.error();
    ask.on_answer(move |()| toasts.show(i18n.t("admin_terms.asked_again")));
    view! {
        <form class="inline-form" on:submit=move |ev| {
            ev.prevent_default();
            ask.send(api_terms::ask_again(document_id, &AskAgain { audience: audience.get_untracked() }));
        }>
            <AudienceSelect id=format!("ask-again-{document_id}") label_key="admin_terms.ask_again_segment"
                organisations chosen=audience />
            <button type="submit">{i18n.text("admin_terms.ask_again")}</button>
            <ProblemMessage error />
        </form>
    }
}

/// Publishing a service notice: information, or a maintenance window, to an audience.
#[component]
fn NoticeForm() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let OrganisationChoices(organisations) = expect_context();
    let audience = RwSignal::new(Audience::Everyone);
    let maintenance = RwSignal::new(false);
    let starts = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    let text_fi = RwSignal::new(String::new());
    let text_sv = RwSignal::new(String::new());
    let text_en = RwSignal::new(String::new());
    let publish = ApiAction::new();
    let error = publish.error();
    publish.on_answer(move |_| {
        text_fi.set(String::new());
        text_sv.set(String::new());
        text_en.set(String::new());
        toasts.show(i18n.t("admin_terms.notice_published"));
    });
    view! {
        <section class="card" aria-labelledby="notice-heading">
            <h2 id="notice-heading">{i18n.text("admin_terms.notice_title")}</h2>
            <form on:submit=move |ev| {
                ev.prevent_default();
                let texts = [(Locale::Fi, text_fi), (Locale::Sv, text_sv), (Locale::En, text_en)]
                    .into_iter()
                    .map(|(locale, signal)| (locale, signal.get_untracked()))
                    .filter(|(_, text)| !text.trim().is_empty())
                    .collect();
                publish.send(api_terms::publish_notice(&NewNotice {
                    kind: if maintenance.get_untracked() { NoticeKind::Maintenance } else { NoticeKind::Information },
                    audience: audience.get_untracked(),
                    texts,
                    starts_at: parse_local_datetime(&starts.get_untracked()),
                    ends_at: parse_local_datetime(&ends.get_untracked()),
                }));
            }>
                {[(Locale::Fi, text_fi), (Locale::Sv, text_sv), (Locale::En, text_en)].into_iter().map(|(l, s)| view! {
                    <div class="field">
                        <label for=format!("notice-{}", l.code())>{move || i18n.t_with("admin_terms.notice_text", &[("language", l.endonym())])}</label>
                        <input id=format!("notice-{}", l.code()) lang=l.code() maxlength="500" bind:value=s />
                    </div>
                }).collect_view()}
                <div class="field">
                    <AudienceSelect id="notice-audience".to_owned() label_key="admin_terms.audience"
                        organisations chosen=audience />
                </div>
                <div class="checkbox">
                    <input type="checkbox" id="notice-maintenance" bind:checked=maintenance />
                    <label for="notice-maintenance">{i18n.text("admin_terms.maintenance")}</label>
                </div>
                <Show when=move || maintenance.get()>
                    <div class="field">
                        <label for="notice-starts">{i18n.text("admin_terms.starts_at")}</label>
                        <input type="datetime-local" id="notice-starts" required bind:value=starts />
                    </div>
                    <div class="field">
                        <label for="notice-ends">{i18n.text("admin_terms.ends_at")}</label>
                        <input type="datetime-local" id="notice-ends" required bind:value=ends />
                    </div>
                </Show>
                <ProblemMessage error />
                <button type="submit" class="primary">{i18n.text("admin_terms.publish_notice")}</button>
            </form>
        </section>
    }
}
