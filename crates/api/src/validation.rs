//! Input rules shared by the app (checked as the person types) and the server
//! (checked again, because the server is the authority).

use crate::problem::FieldError;

/// Why one input was refused. The app translates `validation.<code>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    Required,
    TooShort,
    TooLong,
    InvalidCharacters,
    InvalidFormat,
}

impl FieldProblem {
    pub fn code(self) -> &'static str {
        match self {
            FieldProblem::Required => "required",
            FieldProblem::TooShort => "too_short",
            FieldProblem::TooLong => "too_long",
            FieldProblem::InvalidCharacters => "invalid_characters",
            FieldProblem::InvalidFormat => "invalid_format",
        }
    }

    pub fn on(self, field: &str) -> FieldError {
        FieldError {
            field: field.to_owned(),
            code: self.code().to_owned(),
        }
    }
}

pub const DISPLAY_NAME_MAX: usize = 100;
pub const ORGANISATION_NAME_MAX: usize = 120;
pub const EMAIL_MAX: usize = 254;
pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 32;

/// A free-text name: any script, emoji and punctuation are welcome (they are always shown
/// as text), but control characters and empty or overlong names are not.
pub fn check_name(name: &str, max: usize) -> Result<(), FieldProblem> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(FieldProblem::Required);
    }
    if trimmed.chars().count() > max {
        return Err(FieldProblem::TooLong);
    }
    if trimmed.chars().any(char::is_control) {
        return Err(FieldProblem::InvalidCharacters);
    }
    Ok(())
}

pub fn check_display_name(name: &str) -> Result<(), FieldProblem> {
    check_name(name, DISPLAY_NAME_MAX)
}

pub fn check_organisation_name(name: &str) -> Result<(), FieldProblem> {
    check_name(name, ORGANISATION_NAME_MAX)
}

/// Usernames are typed at every sign-in, so they stay short, lower-case ASCII.
pub fn check_username(username: &str) -> Result<(), FieldProblem> {
    let n = username.chars().count();
    if n == 0 {
        return Err(FieldProblem::Required);
    }
    if n < USERNAME_MIN {
        return Err(FieldProblem::TooShort);
    }
    if n > USERNAME_MAX {
        return Err(FieldProblem::TooLong);
    }
    if !username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
    {
        return Err(FieldProblem::InvalidCharacters);
    }
    Ok(())
}

/// An empty email is allowed (not every pupil has one); a present one must look like one.
pub fn check_email(email: &str) -> Result<(), FieldProblem> {
    let email = email.trim();
    if email.is_empty() {
        return Ok(());
    }
    if email.chars().count() > EMAIL_MAX {
        return Err(FieldProblem::TooLong);
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(FieldProblem::InvalidCharacters);
    }
    match email.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@') =>
        {
            Ok(())
        }
        _ => Err(FieldProblem::InvalidFormat),
    }
}

/// Collects field errors so a handler can report every bad input at once.
#[derive(Default, Debug)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn check(&mut self, field: &str, result: Result<(), FieldProblem>) -> &mut Self {
        if let Err(problem) = result {
            self.0.push(problem.on(field));
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_hostile_text_as_text_but_refuse_empty_long_and_control() {
        assert_eq!(check_display_name("<script>alert(1)</script>"), Ok(()));
        assert_eq!(check_display_name("O'Brien \"Bob\" 🚀 Åsa Öberg"), Ok(()));
        assert_eq!(check_display_name("   "), Err(FieldProblem::Required));
        assert_eq!(check_display_name(""), Err(FieldProblem::Required));
        assert_eq!(
            check_display_name(&"a".repeat(10_000)),
            Err(FieldProblem::TooLong)
        );
        assert_eq!(check_display_name(&"ä".repeat(100)), Ok(()));
        assert_eq!(
            check_display_name(&"ä".repeat(101)),
            Err(FieldProblem::TooLong)
        );
        assert_eq!(
            check_display_name("a\u{0}b"),
            Err(FieldProblem::InvalidCharacters)
        );
        assert_eq!(check_organisation_name(&"x".repeat(120)), Ok(()));
        assert_eq!(
            check_organisation_name(&"x".repeat(121)),
            Err(FieldProblem::TooLong)
        );
    }

    #[test]
    fn usernames_are_short_lowercase_ascii() {
        assert_eq!(check_username("oppilas"), Ok(()));
        assert_eq!(check_username("a.b-c_9"), Ok(()));
        assert_eq!(check_username(""), Err(FieldProblem::Required));
        assert_eq!(check_username("ab"), Err(FieldProblem::TooShort));
        assert_eq!(check_username(&"a".repeat(33)), Err(FieldProblem::TooLong));
        assert_eq!(
            check_username("Oppilas"),
            Err(FieldProblem::InvalidCharacters)
        );
        assert_eq!(check_username("äiti"), Err(FieldProblem::InvalidCharacters));
        assert_eq!(
            check_username("a b c"),
            Err(FieldProblem::InvalidCharacters)
        );
        assert_eq!(
            check_username("<script>"),
            Err(FieldProblem::InvalidCharacters)
        );
    }

    #[test]
    fn emails_are_optional_but_well_formed() {
        assert_eq!(check_email(""), Ok(()));
        assert_eq!(check_email("maija@koulu.fi"), Ok(()));
        assert_eq!(check_email("maija"), Err(FieldProblem::InvalidFormat));
        assert_eq!(check_email("@koulu.fi"), Err(FieldProblem::InvalidFormat));
        assert_eq!(check_email("a@b"), Err(FieldProblem::InvalidFormat));
        assert_eq!(check_email("a@b@c.fi"), Err(FieldProblem::InvalidFormat));
        assert_eq!(
            check_email("a b@c.fi"),
            Err(FieldProblem::InvalidCharacters)
        );
        let long = format!("{}@x.fi", "a".repeat(260));
        assert_eq!(check_email(&long), Err(FieldProblem::TooLong));
    }

    #[test]
    fn field_errors_collect_every_problem() {
        let mut errors = FieldErrors::default();
        errors
            .check("display_name", check_display_name(""))
            .check("email", check_email("nope"))
            .check("username", check_username("fine"));
        assert_eq!(
            errors.0,
            vec![
                FieldProblem::Required.on("display_name"),
                FieldProblem::InvalidFormat.on("email"),
            ]
        );
    }
}
