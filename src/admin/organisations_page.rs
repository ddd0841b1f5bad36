//! Organisations: create and rename (administrators).

use arkki_api::admin::{NewOrganisation, Organisation, OrganisationKind, OrganisationRename};
use leptos::prelude::*;

use crate::api::{self, ApiAction, ApiResource};
use crate::i18n::use_i18n;
use crate::ui::{use_toasts, FieldMessage, Loading, PageCursor, Pager, ProblemMessage};

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let cursor = PageCursor::new();
    let organisations = ApiResource::new(move || api::organisations(cursor.current()));
    let reload = Callback::new(move |_| organisations.refetch());
    view! {
        <h1>{i18n.text("organisations.title")}</h1>
        <NewOrganisationForm on_created=reload />
        <section class="card" aria-labelledby="organisations-list">
            <h2 id="organisations-list">{i18n.text("organisations.list")}</h2>
            <Loading>
                    {move || Suspend::new(async move {
                        organisations.await.map(|page| {
                            let next = page.next.clone();
                            view! {
                                <ul class="organisation-list">
                                    <For each=move || page.items.clone() key=|o| (o.id, o.version) let:organisation>
                                        <OrganisationRow organisation on_renamed=reload />
                                    </For>
                                </ul>
                                <Pager cursor next />
                            }
                        })
                    })}
                </Loading>
        </section>
    }
}

/// Creating an organisation: its name and whether it is a school or a company.
#[component]
fn NewOrganisationForm(
    /// Runs after the server created the organisation.
    on_created: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(OrganisationKind::School);
    let create = ApiAction::new();
    let error = create.error();
    create.on_answer(move |created: Organisation| {
        name.set(String::new());
        toasts.show(i18n.t_with("organisations.created", &[("name", &created.name)]));
        on_created.run(());
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.send(api::create_organisation(&NewOrganisation {
            name: name.get_untracked(),
            kind: kind.get_untracked(),
        }));
    };
    view! {
        <section class="card" aria-labelledby="new-organisation">
            <h2 id="new-organisation">{i18n.text("organisations.new")}</h2>
            <form on:submit=submit>
                <div class="field">
                    <label for="organisation-name">{i18n.text("field.name")}</label>
                    <input id="organisation-name" required maxlength="120"
                        aria-describedby="organisation-name-message" bind:value=name />
                    <FieldMessage id="organisation-name-message" field="name" error />
                </div>
                <div class="field">
                    <label for="organisation-kind">{i18n.text("field.kind")}</label>
                    <select id="organisation-kind" on:change=move |ev| {
                        if let Some(k) = OrganisationKind::parse(&event_target_value(&ev)) {
                            kind.set(k);
                        }
                    }>
                        <option value="school">{i18n.text("organisation_kind.school")}</option>
                        <option value="company">{i18n.text("organisation_kind.company")}</option>
                    </select>
                </div>
                <ProblemMessage error />
                <button type="submit" class="primary" disabled=move || create.pending().get()>
                    {i18n.text("organisations.create")}
                </button>
            </form>
        </section>
    }
}

/// One organisation with an inline rename form.
#[component]
fn OrganisationRow(
    /// The organisation as loaded; its version guards the rename.
    organisation: Organisation,
    /// Runs after a successful rename.
    on_renamed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let name = RwSignal::new(organisation.name.clone());
    let id = organisation.id;
    let version = organisation.version;
    let rename = ApiAction::new();
    let error = rename.error();
    rename.on_answer(move |_| {
        editing.set(false);
        on_renamed.run(());
    });
    let input_id = format!("organisation-{id}-name");
    let shown_name = organisation.name.clone();
    let kind_key = format!("organisation_kind.{}", organisation.kind.as_str());
    let can_rename = organisation.can.rename;
    view! {
        <li>
            <Show
                when=move || editing.get()
                fallback={
                    let shown_name = shown_name.clone();
                    let kind_key = kind_key.clone();
                    move || view! {
                        <span class="organisation-name">{shown_name.clone()}</span>
                        " "
                        <span class="tag">{i18n.t(&kind_key)}</span>
                        {can_rename.then(|| view! {
                            <button type="button" on:click=move |_| editing.set(true)>
                                {i18n.t("action.rename")}
                            </button>
                        })}
                    }
                }
            >
                <form class="inline-form" on:submit=move |ev| {
                    ev.prevent_default();
                    let name = name.get_untracked();
                    rename.send(api::rename_organisation(id, &OrganisationRename { name, version }));
                }>
                    <label for=input_id.clone()>{i18n.t("field.name")}</label>
                    <input id=input_id.clone() required maxlength="120" bind:value=name />
                    <button type="submit" class="primary">{i18n.t("action.save")}</button>
                    <button type="button" on:click=move |_| editing.set(false)>{i18n.t("action.cancel")}</button>
                    <ProblemMessage error />
                </form>
            </Show>
        </li>
    }
}
