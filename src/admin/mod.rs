//! Administration pages: organisations and accounts.

pub mod account_editor;
pub mod deletion_requests;
pub mod initial_password_notice;
pub mod new_account_form;
pub mod organisations_page;
pub mod role_checkboxes;
pub mod users_page;

pub use organisations_page::OrganisationsPage;
pub use users_page::UsersPage;
