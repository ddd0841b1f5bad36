//! Organisations: create and rename (administrators).

use arkki_api::admin::{NewOrganisation, Organisation, OrganisationKind, OrganisationRename};
use leptos::prelude::*;

use crate::api;
use crate::i18n::use_i18n;
use crate::ui::{problem_fallback, use_toasts, FieldMessage, ProblemMessage};

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let after = RwSignal::new(None::<String>);
    let organisations = LocalResource::new(move || api::organisations(after.get()));
    let reload = Callback::new(move |_| organisations.refetch());
    view! {
        <h1>{move || i18n.t("organisations.title")}</h1>
        <NewOrganisationForm on_created=reload />
        <section class="card" aria-labelledby="organisations-list">
            <h2 id="organisations-list">{move || i18n.t("organisations.list")}</h2>
            <Transition fallback=move || view! { <p>{i18n.t("state.loading")}</p> }>
                <ErrorBoundary fallback=problem_fallback>
                    {move || Suspend::new(async move {
                        organisations.await.map(|page| {
                            let next = page.next.clone();
                            let has_next = next.is_some();
                            view! {
                                <ul class="organisation-list">
                                    <For each=move || page.items.clone() key=|o| (o.id, o.version) let:organisation>
                                        <OrganisationRow organisation on_renamed=reload />
                                    </For>
                                </ul>
                                <Show when=move || has_next>
                                    <button type="button" on:click={
                                        let next = next.clone();
                                        move |_| after.set(next.clone())
                                    }>{move || i18n.t("action.next_page")}</button>
                                </Show>
                            }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
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
    let create = Action::new_local(|new: &NewOrganisation| api::create_organisation(new.clone()));
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(created)) = create.value().get() {
            name.set(String::new());
            toasts.show(i18n.t_with("organisations.created", &[("name", &created.name)]));
            on_created.run(());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch_local(NewOrganisation {
            name: name.get_untracked(),
            kind: kind.get_untracked(),
        });
    };
    view! {
        <section class="card" aria-labelledby="new-organisation">
            <h2 id="new-organisation">{move || i18n.t("organisations.new")}</h2>
            <form on:submit=submit>
                <div class="field">
                    <label for="organisation-name">{move || i18n.t("field.name")}</label>
                    <input id="organisation-name" required maxlength="120"
                        aria-describedby="organisation-name-message" bind:value=name />
                    <FieldMessage id="organisation-name-message" field="name" error />
                </div>
                <div class="field">
                    <label for="organisation-kind">{move || i18n.t("field.kind")}</label>
                    <select id="organisation-kind" on:change=move |ev| {
                        if let Some(k) = OrganisationKind::parse(&event_target_value(&ev)) {
                            kind.set(k);
                        }
                    }>
                        <option value="school">{move || i18n.t("organisation_kind.school")}</option>
                        <option value="company">{move || i18n.t("organisation_kind.company")}</option>
                    </select>
                </div>
                <ProblemMessage error />
                <button type="submit" class="primary" disabled=move || create.pending().get()>
                    {move || i18n.t("organisations.create")}
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
    let rename = Action::new_local(move |name: &String| {
        api::rename_organisation(
            id,
            OrganisationRename {
                name: name.clone(),
                version,
            },
        )
    });
    let error = Signal::derive(move || rename.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = rename.value().get() {
            editing.set(false);
            on_renamed.run(());
        }
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
                        <Show when=move || can_rename>
                            <button type="button" on:click=move |_| editing.set(true)>
                                {i18n.t("action.rename")}
                            </button>
                        </Show>
                    }
                }
            >
                <form class="inline-form" on:submit=move |ev| {
                    ev.prevent_default();
                    rename.dispatch_local(name.get_untracked());
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
