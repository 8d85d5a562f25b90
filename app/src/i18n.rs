//! Every text the UI shows, in Dutch (the default) and English. Views never hold text of
//! their own: they ask for a key, and the compiler makes sure each key has both languages.

use crate::domain::error::Problem;
use crate::domain::records::AccountStatus;
use crate::domain::{Portal, Role};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    Nl,
    En,
}

impl Lang {
    /// The language code (`nl`, `en`) used in `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Reads a code; anything unknown is Dutch.
    pub fn from_code(code: &str) -> Lang {
        if code.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Nl
        }
    }

    /// The other language, for the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        }
    }
}

/// The name of the language cookie.
pub const LANG_COOKIE: &str = "ck_lang";

/// The language of this page, provided by the app root.
pub fn lang() -> Lang {
    use_context::<Lang>().unwrap_or(Lang::Nl)
}

/// The text for `key` in this page's language.
pub fn t(key: T) -> &'static str {
    key.text(lang())
}

macro_rules! messages {
    ($($key:ident => $nl:expr, $en:expr;)*) => {
        /// A UI text key.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $($key),* }

        impl T {
            /// Every key, for the completeness test.
            pub const ALL: &'static [T] = &[$(T::$key),*];

            /// The text in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::Nl) => $nl, (T::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

messages! {
    AppName => "MBO Cultuurkaart", "MBO Cultuurkaart";
    SkipToContent => "Naar de inhoud", "Skip to content";
    SwitchLanguage => "English", "Nederlands";
    SwitchLanguageLabel => "Switch to English", "Schakel naar Nederlands";
    MainNav => "Hoofdnavigatie", "Main navigation";
    PortalsNav => "Portalen", "Portals";
    HomeTitle => "Cultuur voor elke mbo-student", "Culture for every mbo student";
    HomeIntro => "Met de MBO Cultuurkaart bestelt je school cultuurbudget, boeken docenten culturele activiteiten en betalen studenten met hun CJP-pas.",
                 "With the MBO Cultuurkaart your school orders a culture budget, teachers book cultural activities and students pay with their CJP pass.";
    HomeForSchools => "Voor scholen", "For schools";
    HomeForSchoolsText => "Bestel budget op basis van je DUO-aantallen, keur weborders goed en volg je uitgaven per vestiging.",
                          "Order budget based on your DUO counts, approve weborders and follow spending per location.";
    HomeForStudents => "Voor studenten", "For students";
    HomeForStudentsText => "Activeer je CJP-pas, betaal met je tegoed en bewaar je werk in je portfolio.",
                           "Activate your CJP pass, pay with your credit and keep your work in your portfolio.";
    HomeForProviders => "Voor culturele aanbieders", "For cultural providers";
    HomeForProvidersText => "Bied activiteiten aan, maak weborders voor scholen en ontvang je uitbetalingen.",
                            "Offer activities, create weborders for schools and receive your payouts.";
    GoToPortal => "Naar mijn portaal", "Go to my portal";
    Login => "Inloggen", "Log in";
    Logout => "Uitloggen", "Log out";
    LoginTitle => "Inloggen", "Log in";
    LoginIntro => "Log in met je e-mailadres en wachtwoord.", "Log in with your e-mail address and password.";
    Email => "E-mailadres", "E-mail address";
    Password => "Wachtwoord", "Password";
    PasswordRepeat => "Herhaal wachtwoord", "Repeat password";
    PasswordHint => "Minstens 8 tekens. Een zin van een paar woorden is sterk en makkelijk te onthouden.",
                    "At least 8 characters. A sentence of a few words is strong and easy to remember.";
    ForgotPassword => "Wachtwoord vergeten?", "Forgot your password?";
    ForgotTitle => "Nieuw wachtwoord aanvragen", "Request a new password";
    ForgotIntro => "Vul je e-mailadres in. Hoort het bij een account, dan sturen we een link om een nieuw wachtwoord te kiezen.",
                   "Enter your e-mail address. If it belongs to an account, we send a link to choose a new password.";
    ForgotSent => "Als dit adres bij een account hoort, is er nu een mail onderweg. De link is 1 uur geldig.",
                  "If this address belongs to an account, a mail is on its way. The link is valid for 1 hour.";
    SendLink => "Stuur link", "Send link";
    ResetTitle => "Kies een nieuw wachtwoord", "Choose a new password";
    SavePassword => "Wachtwoord opslaan", "Save password";
    InviteTitle => "Welkom bij de MBO Cultuurkaart", "Welcome to the MBO Cultuurkaart";
    InviteIntro => "Kies een wachtwoord om je account te activeren. Je e-mailadres is je inlognaam:",
                   "Choose a password to activate your account. Your e-mail address is your login name:";
    AcceptTerms => "Ik ga akkoord met de gebruiksvoorwaarden en de privacyverklaring.", "I accept the terms of use and the privacy statement.";
    Activate => "Account activeren", "Activate account";
    LinkInvalid => "Deze link is niet (meer) geldig. Vraag een nieuwe uitnodiging of een nieuw wachtwoord aan.",
                   "This link is not valid (any more). Ask for a new invitation or a new password.";
    Loading => "Bezig met laden…", "Loading…";
    Saving => "Bezig…", "Working…";
    PortalSchool => "School", "School";
    PortalTeacher => "Docent", "Teacher";
    PortalStudent => "Student", "Student";
    PortalProvider => "Aanbieder", "Provider";
    PortalAdmin => "Beheer", "Administration";
    RolePlatformAdmin => "Platformbeheerder", "Platform operator";
    RoleBoard => "Bestuur (bevoegd gezag)", "School board";
    RoleBudgetHolder => "Budgethouder", "Budget holder";
    RoleTeacherPlus => "Docent+", "Docent+ (lead teacher)";
    RoleTeacher => "Docent", "Teacher";
    RoleStudent => "Student", "Student";
    RoleProvider => "Culturele aanbieder", "Cultural provider";
    Forbidden => "Geen toegang", "No access";
    ForbiddenText => "Dit deel van de MBO Cultuurkaart hoort niet bij jouw rol. Kies hieronder een portaal dat wel bij je hoort.",
                     "This part of the MBO Cultuurkaart does not belong to your role. Choose one of your portals below.";
    NotFound => "Pagina niet gevonden", "Page not found";
    NotFoundText => "Deze pagina bestaat niet (meer).", "This page does not exist (any more).";
    BackHome => "Naar de startpagina", "Back to the home page";
    Welcome => "Welkom", "Welcome";
    YourRoles => "Je rollen", "Your roles";
    YourLocations => "Je vestigingen", "Your locations";
    NoLocations => "Er zijn nog geen vestigingen aan je gekoppeld.", "No locations are linked to you yet.";
    Brin => "BRIN", "BRIN";
    VestigingNumber => "Vestigingsnummer", "Location number";
    CjpSchoolNumber => "CJP-schoolnummer", "CJP school number";
    CjpSchoolNumberHint => "Geef dit nummer aan een culturele aanbieder, zodat die een weborder voor jullie vestiging kan maken.",
                           "Give this number to a cultural provider so they can create a weborder for your location.";
    Address => "Adres", "Address";
    Students => "Studenten", "Students";
    Staff => "Medewerkers", "Staff";
    Institution => "Instelling", "Institution";
    SchoolIntro => "Hier beheer je de Cultuurkaart van je vestiging: gegevens, budget en goedkeuringen.",
                   "Here you manage your location's Cultuurkaart: details, budget and approvals.";
    TeacherIntro => "Hier vind je je vestigingen en hun CJP-schoolnummer om activiteiten af te spreken met aanbieders.",
                    "Here you find your locations and their CJP school number for agreeing activities with providers.";
    StudentIntro => "Dit is je Cultuurkaart-omgeving. Je school staat hieronder.", "This is your Cultuurkaart space. Your school is listed below.";
    YourSchool => "Je school", "Your school";
    ProviderIntro => "Hier beheer je je organisatie als culturele aanbieder.", "Here you manage your organisation as a cultural provider.";
    YourOrganisation => "Je organisatie", "Your organisation";
    KvkNumber => "KvK-nummer", "Chamber of Commerce number";
    City => "Plaats", "City";
    Users => "Gebruikers", "Users";
    AdminIntro => "Overzicht van het platform.", "Platform overview.";
    Institutions => "Instellingen", "Institutions";
    Locations => "Vestigingen", "Locations";
    Providers => "Aanbieders", "Providers";
    People => "Personen", "People";
    UnsentMail => "Mail in de wachtrij", "Mail waiting";
    Mail => "Mail", "Mail";
    MailIntro => "Alle mail die het platform verstuurt. Zonder SMTP-server blijft mail hier staan, zodat je uitnodigingslinks kunt volgen.",
                  "All mail the platform sends. Without an SMTP server, mail stays here so you can follow invitation links.";
    MailEmpty => "Er is nog geen mail verstuurd.", "No mail has been sent yet.";
    Recipient => "Aan", "To";
    Subject => "Onderwerp", "Subject";
    Created => "Aangemaakt", "Created";
    Status => "Status", "Status";
    Sent => "Verstuurd", "Sent";
    NotSent => "In de wachtrij", "Waiting";
    ShowMessage => "Bekijk bericht", "Show message";
    FilterRecipient => "Filter op ontvanger", "Filter by recipient";
    Filter => "Filter", "Filter";
    Search => "Zoeken", "Search";
    SearchPeople => "Zoek op naam of e-mail", "Search by name or e-mail";
    Name => "Naam", "Name";
    Roles => "Rollen", "Roles";
    Actions => "Acties", "Actions";
    StatusInvited => "Uitgenodigd", "Invited";
    StatusActive => "Actief", "Active";
    StatusDisabled => "Uitgeschakeld", "Disabled";
    PeopleEmpty => "Niemand gevonden.", "Nobody found.";
    InvitePerson => "Iemand uitnodigen", "Invite someone";
    InviteHint => "De persoon krijgt een mail met een link om een wachtwoord te kiezen. Heeft het adres al een account, dan krijgt het alleen de nieuwe rol.",
                  "The person gets a mail with a link to choose a password. If the address already has an account, it only gets the new role.";
    Role => "Rol", "Role";
    Where => "Waar", "Where";
    ChooseOne => "Maak een keuze", "Choose one";
    WholePlatform => "Hele platform", "Whole platform";
    SendInvitation => "Uitnodiging versturen", "Send invitation";
    InvitationSent => "Uitnodiging verstuurd.", "Invitation sent.";
    Disable => "Uitschakelen", "Disable";
    DisableConfirm => "Weet je zeker dat je dit account wilt uitschakelen? Alle sessies van deze persoon worden direct beëindigd.",
                      "Are you sure you want to disable this account? All of this person's sessions end at once.";
    YesDisable => "Ja, uitschakelen", "Yes, disable";
    Cancel => "Annuleren", "Cancel";
    Disabled => "Account uitgeschakeld.", "Account disabled.";
    Audit => "Audittrail", "Audit trail";
    AuditIntro => "Wie deed wat met geld, rollen en persoonsgegevens. Deze lijst kan alleen groeien.",
                   "Who did what with money, roles and personal data. This list can only grow.";
    AuditEmpty => "Nog niets vastgelegd.", "Nothing recorded yet.";
    When => "Wanneer", "When";
    Who => "Wie", "Who";
    What => "Wat", "What";
    Organisations => "Organisaties", "Organisations";
    Overview => "Overzicht", "Overview";
    Previous => "Vorige", "Previous";
    Next => "Volgende", "Next";
    PageOf => "Pagina", "Page";
    Of => "van", "of";
    Results => "resultaten", "results";
    ErrRequired => "Vul dit veld in.", "Please fill in this field.";
    ErrTooLong => "Dit is te lang.", "This is too long.";
    ErrInvalidEmail => "Dit is geen geldig e-mailadres.", "This is not a valid e-mail address.";
    ErrInvalidChoice => "Kies een van de mogelijkheden.", "Choose one of the options.";
    ErrPasswordTooShort => "Het wachtwoord moet minstens 8 tekens hebben.", "The password needs at least 8 characters.";
    ErrPasswordTooLong => "Het wachtwoord mag hoogstens 128 tekens hebben.", "The password may have at most 128 characters.";
    ErrPasswordTooCommon => "Dit wachtwoord wordt te vaak gebruikt. Kies iets anders.", "This password is too common. Choose another.";
    ErrPasswordsDiffer => "De twee wachtwoorden zijn niet gelijk.", "The two passwords differ.";
    ErrTermsNotAccepted => "Ga akkoord met de voorwaarden om verder te gaan.", "Accept the terms to continue.";
    ErrWrongCredentials => "E-mailadres of wachtwoord klopt niet.", "E-mail address or password is wrong.";
    ErrLinkInvalid => "Deze link is niet (meer) geldig.", "This link is not valid (any more).";
    ErrEmailTaken => "Dit e-mailadres is al in gebruik.", "This e-mail address is already in use.";
    ErrRoleAlreadyHeld => "Deze persoon heeft deze rol hier al.", "This person already has this role here.";
    ErrCannotDisableYourself => "Je kunt je eigen account niet uitschakelen.", "You cannot disable your own account.";
    ErrUnauthenticated => "Je bent niet (meer) ingelogd. Log opnieuw in.", "You are not signed in (any more). Please log in again.";
    ErrForbidden => "Dit mag je niet met jouw rol.", "Your role does not allow this.";
    ErrNotFound => "Niet gevonden.", "Not found.";
    ErrRateLimited => "Te veel pogingen. Wacht een kwartier en probeer het opnieuw.", "Too many attempts. Wait a quarter of an hour and try again.";
    ErrBadRequest => "Het verzoek was onvolledig. Vul het formulier opnieuw in.", "The request was incomplete. Please fill in the form again.";
    ErrInternal => "Er ging bij ons iets mis. Probeer het later opnieuw; noem deze code als je contact opneemt:",
                   "Something went wrong on our side. Try again later; quote this code if you contact us:";
    ErrNetwork => "Geen verbinding met de server. Controleer je internet en probeer het opnieuw.",
                  "No connection to the server. Check your internet connection and try again.";
    ErrConflict => "Dit kan nu niet.", "This is not possible now.";
    FooterText => "MBO Cultuurkaart — een programma van CJP voor het mbo.", "MBO Cultuurkaart — a CJP programme for vocational education.";
}

/// The translated name of a role.
pub fn role_name(role: Role) -> T {
    match role {
        Role::PlatformAdmin => T::RolePlatformAdmin,
        Role::Board => T::RoleBoard,
        Role::BudgetHolder => T::RoleBudgetHolder,
        Role::TeacherPlus => T::RoleTeacherPlus,
        Role::Teacher => T::RoleTeacher,
        Role::Student => T::RoleStudent,
        Role::Provider => T::RoleProvider,
    }
}

/// The translated name of a portal.
pub fn portal_name(portal: Portal) -> T {
    match portal {
        Portal::School => T::PortalSchool,
        Portal::Teacher => T::PortalTeacher,
        Portal::Student => T::PortalStudent,
        Portal::Provider => T::PortalProvider,
        Portal::Admin => T::PortalAdmin,
    }
}

/// The translated account status.
pub fn status_name(status: AccountStatus) -> T {
    match status {
        AccountStatus::Invited => T::StatusInvited,
        AccountStatus::Active => T::StatusActive,
        AccountStatus::Disabled => T::StatusDisabled,
    }
}

/// The translated text of an input problem.
pub fn problem_text(problem: Problem) -> T {
    match problem {
        Problem::Required => T::ErrRequired,
        Problem::TooLong => T::ErrTooLong,
        Problem::InvalidEmail => T::ErrInvalidEmail,
        Problem::InvalidChoice => T::ErrInvalidChoice,
        Problem::PasswordTooShort => T::ErrPasswordTooShort,
        Problem::PasswordTooLong => T::ErrPasswordTooLong,
        Problem::PasswordTooCommon => T::ErrPasswordTooCommon,
        Problem::PasswordsDiffer => T::ErrPasswordsDiffer,
        Problem::TermsNotAccepted => T::ErrTermsNotAccepted,
        Problem::WrongCredentials => T::ErrWrongCredentials,
        Problem::LinkInvalidOrExpired => T::ErrLinkInvalid,
        Problem::EmailTaken => T::ErrEmailTaken,
        Problem::RoleAlreadyHeld => T::ErrRoleAlreadyHeld,
        Problem::CannotDisableYourself => T::ErrCannotDisableYourself,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_both_languages_and_differs_where_it_should() {
        for key in T::ALL {
            assert!(!key.text(Lang::Nl).is_empty(), "{key:?} has no Dutch text");
            assert!(!key.text(Lang::En).is_empty(), "{key:?} has no English text");
        }
        assert_ne!(T::Login.text(Lang::Nl), T::Login.text(Lang::En));
    }

    #[test]
    fn unknown_language_codes_fall_back_to_dutch() {
        assert_eq!(Lang::from_code("en"), Lang::En);
        assert_eq!(Lang::from_code("EN"), Lang::En);
        assert_eq!(Lang::from_code("fr"), Lang::Nl);
    }
}
