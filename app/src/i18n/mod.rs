//! Every text the UI shows, in Dutch (the default) and English. Views never hold text of
//! their own: they ask for a key, and the compiler makes sure each key has both languages.

mod names;

pub use names::*;

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
    PortalsNav => "Portalen", "Portals";
    Menu => "Menu", "Menu";
    HomeTitle => "Cultuur voor elke mbo-student", "Culture for every mbo student";
    HomeIntro => "Met de MBO Cultuurkaart bestelt je school cultuurbudget, boeken docenten culturele activiteiten en betalen studenten met hun CJP-pas.",
                 "With the MBO Cultuurkaart your school orders a culture budget, teachers book cultural activities and students pay with their CJP pass.";
    HomeForSchools => "Voor scholen", "For schools";
    HomeForSchoolsText => "Bestel budget op basis van je DUO-aantallen, keur weborders goed en volg je uitgaven per vestiging.",
                          "Order budget based on your DUO counts, approve weborders and follow spending per location.";
    HomeForStudents => "Voor studenten", "For students";
    HomeForStudentsText => "Activeer je CJP-pas en betaal culturele activiteiten met je tegoed.",
                           "Activate your CJP pass and pay for cultural activities with your credit.";
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
    StudentIntro => "Dit is je MBO Cultuurkaart: laat je pas zien bij culturele activiteiten.", "This is your MBO Cultuurkaart: show your pass at cultural activities.";
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
    Mail => "Mail", "Mail";
    MailIntro => "Alle mail die het platform verstuurt. Zonder SMTP-server blijft mail hier staan, zodat je uitnodigingslinks kunt volgen.",
                  "All mail the platform sends. Without an SMTP server, mail stays here so you can follow invitation links.";
    MailEmpty => "Er is nog geen mail verstuurd.", "No mail has been sent yet.";
    Recipient => "Aan", "To";
    Sent => "Verstuurd", "Sent";
    NotSent => "In de wachtrij", "Waiting";
    ShowMessage => "Bekijk bericht", "Show message";
    FilterRecipient => "Filter op ontvanger", "Filter by recipient";
    Filter => "Filter", "Filter";
    Search => "Zoeken", "Search";
    SearchPeople => "Zoek op naam of e-mail", "Search by name or e-mail";
    Name => "Naam", "Name";
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
    GoBack => "Terug", "Back";
    Disabled => "Account uitgeschakeld.", "Account disabled.";
    Audit => "Audittrail", "Audit trail";
    AuditIntro => "Wie deed wat met geld, rollen en persoonsgegevens. Deze lijst kan alleen groeien.",
                   "Who did what with money, roles and personal data. This list can only grow.";
    AuditEmpty => "Nog niets vastgelegd.", "Nothing recorded yet.";
    Organisations => "Organisaties", "Organisations";
    Overview => "Overzicht", "Overview";
    Previous => "Vorige", "Previous";
    Next => "Volgende", "Next";
    PageOf => "Pagina", "Page";
    Of => "van", "of";
    ErrRequired => "Vul dit veld in.", "Please fill in this field.";
    ErrTooLong => "Dit is te lang.", "This is too long.";
    ErrSearchTooLong => "De zoektekst is langer dan 200 tekens. Zoek met minder woorden.", "The search text is longer than 200 characters. Search with fewer words.";
    ErrSearchWordTooLong => "Een zoekwoord is langer dan 40 tekens; zo'n woord staat in geen enkel aanbod. Kort het in.", "A search word is longer than 40 characters; no offer has such a word. Shorten it.";
    ErrTooManySearchWords => "Zoek met hoogstens 8 woorden.", "Search with at most 8 words.";
    ErrPaymentAboveOutstanding => "Dit bedrag is hoger dan wat er nog openstaat op de factuur. Klopt het bedrag? Vink dan aan dat het meer is en registreer opnieuw; het teveel betaalde wordt getoond om terug te betalen.", "This amount is more than what is still open on the invoice. Is the amount right? Then tick that it is more and register again; what was paid too much is shown for refunding.";
    ConfirmAboveOutstanding => "Het bedrag is hoger dan wat openstaat, en dat klopt", "The amount is more than what is open, and that is right";
    ErrUnreadableText => "Deze tekst bevat tekens die geen tekst zijn (zoals een nul-byte of onleesbare bytes).", "This text holds characters that are not text (such as a null byte or unreadable bytes).";
    ErrInvalidEmail => "Dit is geen geldig e-mailadres.", "This is not a valid e-mail address.";
    ErrInvalidChoice => "Kies een van de mogelijkheden.", "Choose one of the options.";
    ErrPasswordTooShort => "Het wachtwoord moet minstens 8 tekens hebben.", "The password needs at least 8 characters.";
    ErrPasswordTooLong => "Het wachtwoord mag hoogstens 128 tekens hebben.", "The password may have at most 128 characters.";
    ErrPasswordTooCommon => "Dit wachtwoord wordt te vaak gebruikt. Kies iets anders.", "This password is too common. Choose another.";
    ErrPasswordsDiffer => "De twee wachtwoorden zijn niet gelijk.", "The two passwords differ.";
    ErrTermsNotAccepted => "Ga akkoord met de voorwaarden om verder te gaan.", "Accept the terms to continue.";
    ErrWrongCredentials => "E-mailadres of wachtwoord klopt niet.", "E-mail address or password is wrong.";
    ErrLinkInvalid => "Deze link is niet (meer) geldig.", "This link is not valid (any more).";
    ErrRoleAlreadyHeld => "Deze persoon heeft deze rol hier al.", "This person already has this role here.";
    ErrCannotDisableYourself => "Je kunt je eigen account niet uitschakelen.", "You cannot disable your own account.";
    ErrCannotRemoveYourself => "Je kunt jezelf niet uit het portaal verwijderen; vraag een collega.", "You cannot remove yourself from the portal; ask a colleague.";
    ErrUnauthenticated => "Je bent niet (meer) ingelogd. Log opnieuw in.", "You are not signed in (any more). Please log in again.";
    ErrForbidden => "Dit mag je niet met jouw rol.", "Your role does not allow this.";
    ErrNotFound => "Niet gevonden.", "Not found.";
    ErrRateLimited => "Te veel pogingen. Wacht een kwartier en probeer het opnieuw.", "Too many attempts. Wait a quarter of an hour and try again.";
    ErrBadRequest => "Het verzoek was onvolledig. Vul het formulier opnieuw in.", "The request was incomplete. Please fill in the form again.";
    ErrInternal => "Er ging bij ons iets mis. Probeer het later opnieuw; noem deze code als je contact opneemt:",
                   "Something went wrong on our side. Try again later; quote this code if you contact us:";
    ErrNetwork => "Geen verbinding met de server. Controleer je internet en probeer het opnieuw.",
                  "No connection to the server. Check your internet connection and try again.";
    ErrNotAWholeNumber => "Vul een heel getal in (0 of meer).", "Enter a whole number (0 or more).";
    ErrNoStudents => "Bestel voor minstens één student.", "Order for at least one student.";
    ErrBoardDecides => "Deelname, bijdrage per student en besluitdatum legt het bestuur vast; vraag je bestuurder om ze te wijzigen.", "Taking part, the contribution per student and the decision date are recorded by the board; ask your board member to change them.";
    BoardDecidesHint => "Deze keuzes legt het bestuur vast; je ziet ze hier zoals het bestuur ze heeft vastgelegd.", "The board records these choices; you see them here as the board recorded them.";
    BoardNotDecidedYet => "Het bestuur heeft deelname en bijdrage nog niet vastgelegd. Zodra dat is gebeurd, vul je hier de factuurgegevens in.", "The board has not recorded taking part and the contribution yet. Once it has, you fill in the invoice details here.";
    StudentAccounts => "Studenten met een account", "Students with an account";
    StaffAccounts => "Medewerkers met een account", "Staff with an account";
    ErrMoreThanCapacity => "Meer studenten dan dit aanbod aankan (zie ‘Maximaal aantal deelnemers’). Vraag minder studenten aan, of vraag de aanbieder in je bericht naar extra voorstellingen.", "More students than this offer takes (see ‘Maximum participants’). Ask for fewer students, or ask the provider about extra sessions in your message.";
    ErrMoreThanDuoCount => "Samen mogen de aantallen niet hoger zijn dan het DUO-aantal van de vestiging.", "Together the numbers may not exceed the location's DUO count.";
    ErrNoDuoCount => "Voor deze vestiging is nog geen DUO-aantal bekend. Neem contact op met CJP.", "No DUO count is known for this location yet. Please contact CJP.";
    ErrNoOpenPeriod => "Er loopt nu geen programmaperiode waarin je kunt bestellen.", "No programme period is open for ordering now.";
    ErrOrderAlreadyOpen => "Deze vestiging heeft al een lopende bestelling in deze periode.", "This location already has an open order in this period.";
    ErrAmendmentWindowClosed => "De termijn om te wijzigen of in te trekken is verlopen.", "The time to amend or withdraw has passed.";
    ErrNotADate => "Vul een datum in als JJJJ-MM-DD.", "Enter a date as YYYY-MM-DD.";
    ErrEndBeforeStart => "Het einde moet na het begin liggen.", "The end must be after the start.";
    ErrInvalidAmount => "Vul een bedrag in euro's in, bijvoorbeeld 10,50.", "Enter an amount in euros, for example 10.50.";
    ErrOrderNotPending => "Deze bestelling wacht niet (meer) op een besluit.", "This order is not (any more) awaiting a decision.";
    ErrNameTaken => "Deze naam bestaat al.", "This name already exists.";
    Budget => "Budget", "Budget";
    BudgetIntro => "Bestel cultuurbudget op basis van het DUO-aantal van je vestiging. Na het indienen kun je nog een paar dagen wijzigen of intrekken.",
                   "Order culture budget based on your location's DUO count. After submitting you can still amend or withdraw for a few days.";
    Period => "Periode", "Period";
    NoOpenPeriodText => "Er loopt nu geen programmaperiode.", "No programme period is running now.";
    DuoCount => "DUO-aantal studenten", "DUO student count";
    NoDuoCountText => "Nog geen DUO-aantal bekend.", "No DUO count known yet.";
    ContributionPerStudent => "Bijdrage per student", "Contribution per student";
    MatchPerStudent => "Overheidsbijdrage per student", "Government match per student";
    CollectiveStudents => "Aantal studenten voor het collectieve budget", "Students for the collective budget";
    CollectiveHint => "Voor deze studenten betaalt de school de bijdrage; het budget is voor activiteiten met de klas.",
                      "The school pays the contribution for these students; the budget is for class activities.";
    IndividualStudents => "Aantal studenten met individueel tegoed", "Students with individual credit";
    IndividualHint => "Deze studenten krijgen tegoed op hun CJP-pas zodra ze hun pas hebben geactiveerd.",
                      "These students get credit on their CJP pass once they have activated it.";
    InvoiceAmount => "Factuurbedrag", "Invoice amount";
    CollectiveBudget => "Collectief budget", "Collective budget";
    IndividualCredit => "Individueel tegoed", "Individual credit";
    SubmitOrder => "Bestelling indienen", "Submit order";
    OrderSubmitted => "Je bestelling is ingediend. De bevestiging staat in je mail.", "Your order has been submitted. The confirmation is in your mail.";
    OrderAmended => "Je bestelling is gewijzigd.", "Your order has been amended.";
    OrderWithdrawn => "Je bestelling is ingetrokken.", "Your order has been withdrawn.";
    YourOrder => "Je bestelling", "Your order";
    TogetherAtMost => "Samen maximaal het DUO-aantal:", "Together at most the DUO count:";
    ReviewOrder => "Bestelling bekijken", "Review order";
    ReviewChange => "Wijziging bekijken", "Review change";
    CheckYourOrder => "Controleer je bestelling", "Check your order";
    CheckYourChange => "Controleer de wijziging", "Check the change";
    StudentsTogether => "Studenten samen", "Students together";
    OutOfAtMost => "van maximaal", "out of at most";
    TheDuoCount => "het DUO-aantal", "the DUO count";
    AmendWindow => "Wijzigen of intrekken kan nog", "You can amend or withdraw for";
    OrderAfterWindow => "Daarna (of eerder, als CJP de bestelling eerder goedkeurt) maken we de factuur en mailen we die als e-factuur naar het factuuradres van de school. Het budget komt vrij zodra de factuur is betaald.",
                        "After that (or sooner, if CJP approves the order early) we make the invoice and mail it as an e-invoice to the school's invoice address. The budget is released once the invoice is paid.";
    SaveChange => "Wijziging opslaan", "Save change";
    ChangeCounts => "Aantallen aanpassen", "Change the numbers";
    Orders => "Bestellingen", "Orders";
    OrdersEmpty => "Geen bestellingen.", "No orders.";
    AmendUntil => "Wijzigen of intrekken kan tot", "You can amend or withdraw until";
    Amend => "Wijzigen", "Amend";
    Withdraw => "Intrekken", "Withdraw";
    WithdrawConfirm => "Weet je zeker dat je deze bestelling wilt intrekken? Er komt dan geen factuur en geen budget.",
                       "Are you sure you want to withdraw this order? There will be no invoice and no budget.";
    YesWithdraw => "Ja, intrekken", "Yes, withdraw";
    OrderStatusSubmitted => "Ingediend", "Submitted";
    OrderStatusWithdrawn => "Ingetrokken", "Withdrawn";
    OrderStatusApproved => "Goedgekeurd", "Approved";
    OrderStatusRejected => "Afgewezen", "Rejected";
    Invoice => "Factuur", "Invoice";
    DueOn => "Te betalen voor", "Due by";
    Paid => "Betaald", "Paid";
    Outstanding => "Nog te betalen", "Outstanding";
    PaidInFull => "Volledig betaald", "Paid in full";
    Available => "Beschikbaar budget", "Available budget";
    IndividualPool => "Tegoed voor studenten (nog uit te delen)", "Credit for students (not yet handed out)";
    Invoiced => "Gefactureerd", "Invoiced";
    LedgerHistory => "Mutaties", "Ledger history";
    LedgerEmpty => "Nog geen mutaties.", "No ledger entries yet.";
    Amount => "Bedrag", "Amount";
    Reason => "Reden", "Reason";
    Periods => "Programmaperiodes", "Programme periods";
    PeriodsIntro => "Tarieven zijn gegevens: een periode legt de bijdrage, de overheidsbijdrage, de wijzigingstermijn en de betaaltermijn vast. Een periode die in gebruik is, verandert niet meer.",
                    "Rates are data: a period fixes the contribution, the government match, the amendment window and the payment term. A period in use no longer changes.";
    PeriodsEmpty => "Nog geen periodes.", "No periods yet.";
    NewPeriod => "Nieuwe periode", "New period";
    StartsOn => "Begint op (JJJJ-MM-DD)", "Starts on (YYYY-MM-DD)";
    EndsOn => "Eindigt op (JJJJ-MM-DD)", "Ends on (YYYY-MM-DD)";
    AmendmentDays => "Wijzigingstermijn (dagen)", "Amendment window (days)";
    PaymentTermDays => "Betaaltermijn (dagen)", "Payment term (days)";
    VatCategory => "Btw", "VAT";
    VatExempt => "Vrijgesteld van btw", "Exempt from VAT";
    VatOutside => "Buiten de reikwijdte van de btw", "Outside the scope of VAT";
    CreatePeriod => "Periode opslaan", "Save period";
    PeriodCreated => "Periode opgeslagen.", "Period saved.";
    InUse => "In gebruik", "In use";
    StudentCount => "Studentaantal (DUO)", "Student count (DUO)";
    SchoolYear => "Schooljaar", "School year";
    SaveCount => "Aantal opslaan", "Save count";
    CountSaved => "Studentaantal opgeslagen.", "Student count saved.";
    ApproveNow => "Nu goedkeuren", "Approve now";
    AccountIndividualPool => "Tegoed nog niet uitgedeeld", "Credit not yet given out";
    AccountStudentCredit => "Tegoed van studenten", "Students' credit";
    AccountHolds => "Reserveringen", "Holds";
    HoldNumber => "Reservering", "Hold";
    Bookings => "Boekingen (weborders)", "Bookings (weborders)";
    AccountPlatform => "Platform", "Platform";
    LedgerBudgetReleased => "Budget vrijgegeven na betaling van de factuur", "Budget released after the invoice was paid";
    LedgerBudgetExpired => "Vervallen aan het einde van de periode", "Expired at the end of the period";
    LedgerCreditGranted => "Tegoed gegeven aan een student", "Credit given to a student";
    LedgerCounterPayment => "Betaling aan de kassa", "Counter payment";
    LedgerCounterRefund => "Kassabetaling teruggedraaid", "Counter payment refunded";
    LedgerWeborderApproved => "Weborder goedgekeurd", "Weborder approved";
    LedgerWeborderUndone => "Goedkeuring van een weborder ingetrokken", "Weborder approval undone";
    LedgerWeborderCancelled => "Weborder geannuleerd", "Weborder cancelled";
    LedgerHoldCreated => "Reservering gemaakt", "Hold made";
    LedgerHoldReleased => "Reservering vrijgegeven", "Hold released";
    LedgerHoldExpired => "Reservering verlopen", "Hold expired";
    LedgerPayout => "Uitbetaald", "Paid out";
    LedgerOther => "Andere boeking", "Other entry";
    BalanceAfter => "Saldo daarna", "Balance after";
    BalanceNow => "Saldo nu", "Balance now";
    LedgerAccountsNav => "Rekeningen", "Accounts";
    LedgerAccountHint => "Elke regel is een boeking op deze rekening; het saldo daarna telt op tot het saldo nu.", "Each line is an entry on this account; the balances after add up to the balance now.";
    ApproveNowConfirm => "De bestelling wordt nu goedgekeurd, vóór het einde van de wijzigingstermijn: de school kan haar niet meer wijzigen, de factuur wordt gemaakt en meteen als e-factuur naar de school gemaild. Dit kan alleen met een creditnota worden teruggedraaid.", "The order is approved now, before the end of the amendment period: the school can no longer change it, and the invoice is made and mailed to the school as an e-invoice at once. Only a credit note can undo this.";
    YesApproveAndInvoice => "Ja, goedkeuren en factuur versturen", "Yes, approve and send the invoice";
    Reject => "Afwijzen", "Reject";
    OrderApproved => "Bestelling goedgekeurd en gefactureerd.", "Order approved and invoiced.";
    OrderRejected => "Bestelling afgewezen.", "Order rejected.";
    RegisterPayment => "Betaling registreren", "Register payment";
    PaidOn => "Betaald op (JJJJ-MM-DD)", "Paid on (YYYY-MM-DD)";
    Reference => "Kenmerk", "Reference";
    PaymentRegistered => "Betaling geregistreerd.", "Payment registered.";
    AllStatuses => "Alle", "All";
    ErrNotACamtStatement => "Dit is geen bankafschrift in camt.053-formaat (XML).", "This is not a bank statement in camt.053 format (XML).";
    ErrFileTooLarge => "Dit bestand is te groot (hoogstens 1 MB).", "This file is too large (1 MB at most).";
    Payments => "Betalingen", "Payments";
    PaymentsIntro => "Lees een bankafschrift in (camt.053, zoals je bank het levert). Bijschrijvingen met een factuurnummer worden als betaling geboekt; de rest blijft hieronder staan.",
                     "Import a bank statement (camt.053, as your bank delivers it). Credits that name an invoice number are booked as payments; the rest stays listed below.";
    StatementFile => "Bankafschrift (camt.053 XML)", "Bank statement (camt.053 XML)";
    Import => "Inlezen", "Import";
    ImportResult => "Ingelezen", "Imported";
    ImportMatched => "geboekt op een factuur", "booked on an invoice";
    ImportOverpaid => "op een al betaalde factuur", "on an already paid invoice";
    ImportUnmatched => "zonder factuur", "without an invoice";
    ImportDuplicates => "al eerder ingelezen", "imported before";
    Unmatched => "Bijschrijvingen zonder factuur", "Credits without an invoice";
    LinkToInvoice => "Aan een factuur koppelen", "Link to an invoice";
    LinkInvoiceNumber => "Factuurnummer", "Invoice number";
    LinkInvoiceHint => "Bijvoorbeeld CK-2026-000123. Je ziet eerst wat het koppelen doet.", "For example CK-2026-000123. You first see what linking does.";
    LinkCheck => "Bekijken", "Review";
    LinkConfirmTitle => "Bijschrijving koppelen", "Link the credit";
    LinkConfirmText => "De bijschrijving wordt een betaling op deze factuur, alsof het bankafschrift het factuurnummer noemde. Dat is niet terug te draaien.",
                       "The credit becomes a payment on this invoice, as if the bank statement had named the invoice number. This cannot be undone.";
    LinkSettles => "Daarmee is de factuur betaald en komt het budget van de vestiging vrij.", "This pays the invoice and releases the location's budget.";
    LinkLeavesOpen => "Daarna staat er nog open op de factuur:", "Still open on the invoice afterwards:";
    LinkPaysTooMuch => "Dat is meer dan er openstaat. Terug te betalen aan de school:", "That is more than is open. To refund to the school:";
    YesLink => "Ja, koppelen", "Yes, link";
    CreditLinked => "De bijschrijving is gekoppeld en als betaling geregistreerd.", "The credit is linked and registered as a payment.";
    BookedOn => "Bijgeschreven op", "Booked on";
    UnmatchedEmpty => "Alle bijschrijvingen zijn aan een factuur gekoppeld.", "Every credit is linked to an invoice.";
    Expired => "Vervallen", "Expired";
    DownloadCsv => "Download als CSV", "Download as CSV";
    DownloadUbl => "E-factuur (UBL)", "E-invoice (UBL)";
    ErrInvalidPostcode => "Vul een Nederlandse postcode in, zoals 1234 AB.", "Enter a Dutch postcode, such as 1234 AB.";
    ErrInvalidPhone => "Vul een telefoonnummer in met alleen cijfers, spaties, +, - en haakjes (hoogstens 30 tekens).",
                       "Enter a phone number with only digits, spaces, +, - and brackets (30 characters at most).";
    ErrTooManyContacts => "Deze vestiging heeft al 20 contactpersonen. Verwijder er eerst een.", "This location already has 20 contact persons. Remove one first.";
    ErrSchoolDetailsMissing => "Leg eerst het bestuursbesluit en de factuurgegevens vast onder Schoolgegevens; daarna kun je bestellen.",
                               "First record the board decision and the invoice details under School details; then you can order.";
    ErrInvoiceAlreadyCredited => "Deze factuur is al gecrediteerd.", "This invoice has already been credited.";
    ErrInvoiceHasPayments => "Op deze factuur zijn al betalingen geboekt; alleen een onbetaalde factuur kan worden gecrediteerd.",
                             "Payments have been booked on this invoice; only an unpaid invoice can be credited.";
    OrderStatusCredited => "Gecrediteerd", "Credited";
    SchoolDetails => "Schoolgegevens", "School details";
    SchoolDetailsIntro => "Het besluit van het bestuur, waar facturen naartoe gaan en wie we kunnen bereiken. Elke wijziging wordt vastgelegd.",
                          "The board's decision, where invoices go and whom we can reach. Every change is recorded.";
    SchoolDetailsEmpty => "Nog niet vastgelegd. Leg het bestuursbesluit en de factuurgegevens vast om budget te kunnen bestellen.",
                          "Not recorded yet. Record the board decision and the invoice details to be able to order budget.";
    SchoolDetailsSaved => "Schoolgegevens opgeslagen.", "School details saved.";
    TakingPart => "Doet mee aan de MBO Cultuurkaart", "Takes part in the MBO Cultuurkaart";
    TakingPartYes => "Ja, het bestuur heeft besloten mee te doen", "Yes, the board decided to take part";
    TakingPartNo => "Nee, (nog) niet", "No, not (yet)";
    Yes => "Ja", "Yes";
    No => "Nee", "No";
    BoardContribution => "Bijdrage per student (besluit bestuur)", "Contribution per student (board decision)";
    DecisionDate => "Datum bestuursbesluit", "Date of the board decision";
    InvoiceAddress => "Factuuradres", "Invoice address";
    InvoiceAddressee => "Ter attentie van (bijv. crediteurenadministratie)", "For the attention of (e.g. accounts payable)";
    StreetAndNumber => "Straat en huisnummer of postbus", "Street and number, or PO box";
    Postcode => "Postcode", "Postcode";
    InvoiceEmail => "E-mailadres voor facturen", "E-mail address for invoices";
    PoReference => "Inkoopordernummer (optioneel)", "Purchase-order reference (optional)";
    PoReferenceHint => "Staat op elke factuur, als je administratie daarom vraagt.", "Printed on every invoice, if your accounts department asks for it.";
    LastChanged => "Laatst gewijzigd", "Last changed";
    RecordDetails => "Gegevens vastleggen", "Record details";
    ChangeDetails => "Gegevens wijzigen", "Change details";
    SaveDetails => "Gegevens opslaan", "Save details";
    ContactPersons => "Contactpersonen", "Contact persons";
    ContactsEmpty => "Nog geen contactpersonen.", "No contact persons yet.";
    Teachers => "Docenten", "Teachers";
    TeachersIntro => "Wijs docenten aan als Docent+: zij kunnen in de catalogus aanvragen doen bij aanbieders en zien de activaties van hun klassen. Je kunt een aanwijzing altijd weer intrekken.", "Designate teachers as Docent+: they can send requests to providers from the catalogue and see their classes' activations. You can always withdraw a designation.";
    TeachersEmpty => "Er staan nog geen docenten bij je vestiging(en).", "There are no teachers at your location(s) yet.";
    GrantTeacherPlus => "Aanwijzen als Docent+", "Make Docent+";
    RevokeTeacherPlus => "Docent+ intrekken", "Withdraw Docent+";
    RevokeTeacherPlusConfirm => "Weet je zeker dat je deze Docent+-aanwijzing wilt intrekken? De docent kan daarna geen aanvragen meer doen bij aanbieders.", "Are you sure you want to withdraw this Docent+ designation? The teacher will no longer be able to send requests to providers.";
    YesRevoke => "Ja, intrekken", "Yes, withdraw";
    TeacherPlusGranted => "De docent is nu Docent+ en heeft een e-mail gekregen.", "The teacher is now Docent+ and has been sent an e-mail.";
    TeacherPlusRevoked => "De Docent+-aanwijzing is ingetrokken; de docent heeft een e-mail gekregen.", "The Docent+ designation has been withdrawn; the teacher has been sent an e-mail.";
    Roster => "Studenten en medewerkers", "Students and staff";
    RosterIntro => "Lever de lijst van studenten en medewerkers van je vestiging: kies welke gegevens je levert, download het sjabloon, vul het in en lees het in. Je ziet eerst wat er verandert; pas na je bevestiging wordt de lijst verwerkt.", "Deliver the list of students and staff of your location: choose which details you deliver, download the template, fill it in and upload it. You first see what changes; the list is processed only after you confirm.";
    RosterFields => "Gegevens die je levert", "Details you deliver";
    RosterFieldsIntro => "Naam, e-mailadres, rol en klas zijn altijd nodig. Kies daarnaast alleen wat je vestiging wil delen: alleen gekozen gegevens worden gevraagd, bewaard en getoond. Zet je een gegeven uit, dan wordt het direct bij iedereen gewist.", "Name, e-mail address, role and class are always needed. Beyond that, choose only what your location wants to share: only chosen details are asked for, stored and shown. Switching a detail off erases it for everyone at once.";
    RosterFieldsLegend => "Extra gegevens", "Extra details";
    RosterFieldsNotChosen => "Nog niet gekozen: alleen de verplichte gegevens.", "Not chosen yet: the required details only.";
    RosterFieldsSaved => "De keuze is opgeslagen. Download zo nodig een nieuw sjabloon.", "The choice has been saved. Download a new template if needed.";
    FieldStudentNumber => "Studentnummer", "Student number";
    FieldDateOfBirth => "Geboortedatum", "Date of birth";
    FieldPhone => "Telefoonnummer", "Phone number";
    FieldProgramme => "Opleiding", "Programme";
    SaveFieldChoice => "Keuze opslaan", "Save choice";
    DownloadTemplate => "Sjabloon downloaden", "Download template";
    RosterUpload => "Lijst inlezen", "Upload the list";
    RosterUploadHint => "Excel-werkmap (.xlsx) of CSV (puntkomma of komma), ten hoogste 5 MB. Een latere lijst werkt personen bij op studentnummer of e-mailadres; er ontstaan geen dubbele accounts.", "Excel workbook (.xlsx) or CSV (semicolon or comma), at most 5 MB. A later list updates people by student number or e-mail address; no duplicate accounts are made.";
    RosterFile => "Bestand met studenten en medewerkers", "File with students and staff";
    RosterPreview => "Voorbeeld", "Preview";
    ColumnsIgnored => "Deze kolommen worden niet bewaard (onbekend, of een gegeven dat je vestiging niet levert):", "These columns are not stored (unknown, or a detail your location does not deliver):";
    LeaversIntro => "Is dit de volledige lijst, dan vertrekken zij: hun account blijft, maar de gegevens van school worden gewist en hun pas verloopt.", "If this is the complete list, they leave: their account stays, but the school's details are erased and their pass expires.";
    Leavers => "vertrokken", "left";
    ConfirmFullList => "Dit is de volledige lijst: laat de personen die er niet in staan vertrekken", "This is the complete list: let the people who are not in it leave";
    ImportRoster => "Lijst verwerken", "Process the list";
    RosterImported => "De lijst is verwerkt:", "The list has been processed:";
    RosterAlreadyImported => "Dit bestand is al verwerkt.", "This file has already been processed.";
    Classes => "Klassen en passen", "Classes and passes";
    ClassesIntro => "Per klas zie je hoeveel studenten hun pas hebben geactiveerd. Nodig iedereen, een klas of één persoon uit; de uitnodiging heeft een persoonlijke link die 14 dagen en één keer werkt. Of druk een activeringsblad af: een kaartje met QR-code per student, om in de klas te activeren.", "Per class you see how many students have activated their pass. Invite everyone, a class or one person; the invitation has a personal link that works once, for 14 days. Or print an activation sheet: a card with a QR code per student, to activate in class.";
    ClassesEmpty => "Nog geen klassen: lees eerst de lijst met studenten in.", "No classes yet: upload the list of students first.";
    MyClasses => "Mijn klassen", "My classes";
    MyClassesIntro => "De activaties van de klassen waar je les aan geeft. Wie een uitnodiging kreeg maar nog niet heeft geactiveerd, kun je per klas opnieuw uitnodigen (de knop staat bij de klas); de eerste uitnodiging stuurt je budgethouder. Of druk een activeringsblad af om in de klas te activeren.", "The activations of the classes you teach. Those who were invited but have not activated yet you can invite again per class (the button is beside the class); your budget holder sends the first invitation. Or print an activation sheet to activate in class.";
    MyClassesEmpty => "Je staat nog niet met klassen in de lijst van je school. Vraag je budgethouder om je als docent met je klassen op te nemen.", "You are not yet listed with classes in your school's list. Ask your budget holder to include you as a teacher with your classes.";
    Class => "Klas", "Class";
    StudentsInClass => "studenten", "students";
    AllClasses => "Alle klassen", "All classes";
    ClassEmpty => "Niemand in deze klas.", "Nobody in this class.";
    InviteEveryone => "Iedereen uitnodigen", "Invite everyone";
    InviteClass => "Klas uitnodigen", "Invite class";
    InviteAgain => "Opnieuw uitnodigen", "Invite again";
    Invite => "Uitnodigen", "Invite";
    InvitationsSent => "Uitnodigingen verstuurd:", "Invitations sent:";
    PassNotInvited => "niet uitgenodigd", "not invited";
    PassInvited => "uitgenodigd", "invited";
    PassActive => "actief", "active";
    PassBlocked => "geblokkeerd", "blocked";
    PassExpired => "verlopen", "expired";
    YourPass => "Je pas", "Your pass";
    PassNumber => "Pasnummer", "Pass number";
    PassStatusLabel => "Status", "Status";
    ValidUntil => "Geldig tot en met", "Valid until";
    Credit => "Tegoed", "Credit";
    PayAtCounter => "Betalen met je tegoed", "Pay with your credit";
    PayAtCounterHint => "Laat bij de kassa een betaalcode zien: de medewerker typt hem in of scant hem. Een code werkt 5 minuten en één keer.", "Show a payment code at the counter: the staff type it in or scan it. A code works for 5 minutes, once.";
    ShowPaymentCode => "Nieuwe betaalcode", "New payment code";
    PaymentCode => "Betaalcode", "Payment code";
    CodeValidUntil => "Geldig tot", "Valid until";
    RecentCredit => "Je tegoed", "Your credit";
    NoCreditYet => "Nog geen tegoed ontvangen. Je school zet het op je pas zodra het er is.", "No credit received yet. Your school puts it on your pass as soon as it is there.";
    CreditGranted => "Tegoed van je school", "Credit from your school";
    CreditExpired => "Vervallen aan het einde van de periode", "Expired at the end of the period";
    Refunded => "Terugbetaald", "Refunded";
    Counter => "Kassa", "Counter";
    ScanCode => "Scan de QR-code met de camera", "Scan the QR code with the camera";
    StopScanning => "Stoppen met scannen", "Stop scanning";
    CameraUnavailable => "De camera kan niet worden gebruikt. Typ de code over.", "The camera cannot be used. Type the code instead.";
    CounterIntro => "Studenten betalen met hun individuele tegoed: vraag hun betaalcode, typ hem in of scan hem, en bevestig het bedrag. Elke code werkt één keer; je kunt een betaling 14 dagen terugdraaien. Betalingen worden met je weborders uitbetaald.", "Students pay with their individual credit: ask for their payment code, type or scan it, and confirm the amount. Each code works once; you can refund a payment for 14 days. Payments are paid out with your weborders.";
    LookUpCode => "Code opzoeken", "Look up code";
    ChargeCreditOf => "Tegoed afschrijven van", "Charge the credit of";
    AmountEuro => "Bedrag in euro", "Amount in euros";
    WhatFor => "Waarvoor (bijvoorbeeld: kaartje voorstelling 12 maart)", "What for (for example: ticket, 12 March show)";
    ConfirmPayment => "Betaling bevestigen", "Confirm payment";
    CounterPayments => "Betalingen aan de kassa", "Counter payments";
    CounterPaymentsEmpty => "Nog geen betalingen aan de kassa.", "No counter payments yet.";
    CounterPaid => "betaald", "paid";
    PayableFrom => "Gaat mee in een uitbetaling vanaf", "Goes into a payout from";
    PayableWhy => "eerst kun je hem 14 dagen terugdraaien", "first you can refund it for 14 days";
    InPayout => "uitbetaald", "paid out";
    Receipt => "Bon", "Receipt";
    PaymentDone => "Betaald. Het tegoed is afgeschreven.", "Paid. The credit has been charged.";
    Refund => "Terugdraaien", "Refund";
    RefundConfirm => "Weet je zeker dat je deze betaling wilt terugdraaien? Het bedrag gaat terug naar het tegoed van de student.", "Are you sure you want to refund this payment? The amount goes back to the student's credit.";
    YesRefund => "Ja, terugdraaien", "Yes, refund";
    PaymentRefunded => "De betaling is teruggedraaid; het tegoed staat weer op de pas.", "The payment has been refunded; the credit is back on the pass.";
    EraseData => "Gegevens wissen", "Erase data";
    ExportData => "Gegevens exporteren", "Export data";
    EraseConfirm => "Weet je zeker dat je alle gegevens van deze persoon wilt wissen? Naam, e-mailadres, wachtwoord en schoolgegevens verdwijnen en het account gaat uit. Betalingen en de boekhouding houden alleen een nummer. Dit kan niet ongedaan worden gemaakt.", "Are you sure you want to erase all data of this person? Name, e-mail address, password and school details disappear and the account is switched off. Payments and the books keep only a number. This cannot be undone.";
    YesErase => "Ja, wissen", "Yes, erase";
    Erased => "De gegevens zijn gewist.", "The data has been erased.";
    DownloadMyData => "Mijn gegevens downloaden (JSON)", "Download my data (JSON)";
    ImportingRows => "Bezig met verwerken van", "Processing";
    RowsInProgress => "regels; dit duurt bij 20.000 regels enkele seconden. Sluit deze pagina niet.", "rows; with 20,000 rows this takes a few seconds. Do not close this page.";
    ActivationSheet => "Activeringsblad (PDF)", "Activation sheet (PDF)";
    Block => "Blokkeren", "Block";
    Unblock => "Blokkade opheffen", "Lift block";
    BlockConfirm => "Weet je zeker dat je deze pas wilt blokkeren? De student kan er dan niet meer mee betalen tot je de blokkade opheft.", "Are you sure you want to block this pass? The student can no longer pay with it until you lift the block.";
    YesBlock => "Ja, blokkeren", "Yes, block";
    PassBlockedDone => "De pas is geblokkeerd.", "The pass has been blocked.";
    PassUnblockedDone => "De blokkade is opgeheven.", "The block has been lifted.";
    NoPassYet => "Je hebt nog geen pas. Je school zet je op de lijst en stuurt je een uitnodiging.", "You have no pass yet. Your school puts you on its list and sends you an invitation.";
    AddContact => "Contactpersoon toevoegen", "Add contact person";
    ContactAdded => "Contactpersoon toegevoegd.", "Contact person added.";
    ContactRemoved => "Contactpersoon verwijderd.", "Contact person removed.";
    ContactRoleLabel => "Contactpersoon voor", "Contact for";
    ContactBoard => "Bestuur", "Board";
    ContactBudgetHolder => "Budget", "Budget";
    ContactFinance => "Facturen en betalingen", "Invoices and payments";
    ContactCulture => "Cultuuronderwijs", "Culture education";
    ContactIct => "ICT en studentgegevens", "IT and student data";
    Phone => "Telefoon (optioneel)", "Phone (optional)";
    Remove => "Verwijderen", "Remove";
    DownloadPdf => "Factuur (pdf)", "Invoice (PDF)";
    CreditNote => "Creditnota", "Credit note";
    InvoiceCredited => "Gecrediteerd: je hoeft deze factuur niet te betalen.", "Credited: you need not pay this invoice.";
    InvoiceCreditedDone => "Factuur gecrediteerd; de school heeft de creditnota ontvangen.", "Invoice credited; the school has received the credit note.";
    CreditInvoiceAction => "Crediteren", "Credit";
    CreditInvoiceHint => "Een creditnota maakt de hele factuur ongedaan en annuleert de bestelling; de school kan daarna opnieuw bestellen. Dit kan niet worden teruggedraaid.",
                         "A credit note cancels the whole invoice and the order; the school can then order again. This cannot be undone.";
    CreditInvoiceConfirm => "Creditnota maken en versturen", "Issue and send credit note";
    ErrNotACsvFile => "Dit is geen CSV-bestand. Sla het in Excel op als CSV (puntkomma- of kommagescheiden) en probeer het opnieuw.",
                      "This is not a CSV file. Save it from Excel as CSV (semicolon or comma separated) and try again.";
    ErrImportHasProblems => "Het bestand heeft fouten of is intussen verlopen; er is niets ingelezen. Bekijk de fouten, verbeter het bestand en lees het opnieuw in.",
                            "The file has errors or has expired; nothing was imported. Look at the errors, correct the file and import it again.";
    ErrNotASchoolYear => "Vul een schooljaar in zoals 2026-2027.", "Enter a school year such as 2026-2027.";
    ErrInvalidValue => "Controleer deze waarde.", "Check this value.";
    ErrCjpNumberTaken => "Dit CJP-schoolnummer hoort al bij een andere vestiging.", "This CJP school number already belongs to another location.";
    ErrUnknownSchool => "Er is geen vestiging met dit CJP-schoolnummer.", "There is no school location with this CJP school number.";
    ErrInsufficientBudget => "Het beschikbare budget van deze vestiging is niet genoeg voor dit bedrag.", "This location's available budget does not cover this amount.";
    ErrWeborderNotPending => "Over deze weborder is al beslist.", "This weborder has already been decided on.";
    ErrDecisionDeadlinePassed => "De termijn om over deze weborder te beslissen is verstreken.", "The deadline for deciding on this weborder has passed.";
    ErrCoolingOffOver => "De bedenktijd is voorbij; de goedkeuring kan niet meer ongedaan worden gemaakt.", "The cooling-off period is over; the approval can no longer be undone.";
    ErrNotCancellable => "Deze weborder kan niet (meer) worden geannuleerd.", "This weborder can no longer be cancelled.";
    ErrProviderNotApproved => "Je organisatie is nog niet goedgekeurd door het platform.", "Your organisation has not been approved by the platform yet.";
    ErrProviderNoLongerApproved => "Deze aanbieder is niet meer goedgekeurd door het platform; de weborder kan niet worden goedgekeurd. Wijs hem af.", "This provider is no longer approved by the platform; the weborder cannot be approved. Please reject it.";
    ErrUnknownOffer => "Kies een aanbod van je eigen organisatie.", "Choose an offer of your own organisation.";
    ErrNothingToPay => "Er zijn geen weborders klaar voor uitbetaling.", "No weborders are ready to be paid out.";
    ErrHoldNotActive => "Deze reservering is niet (meer) actief.", "This hold is no longer active.";
    ErrInvalidIban => "Dit is geen geldig IBAN-rekeningnummer.", "This is not a valid IBAN.";
    ErrInvalidKvk => "Een KvK-nummer heeft 8 cijfers.", "A Chamber of Commerce number has 8 digits.";
    ErrInvalidVat => "Een btw-nummer ziet eruit als NL123456789B01.", "A VAT number looks like NL123456789B01.";
    ErrKvkTaken => "Er is al een aanbieder met dit KvK-nummer.", "A provider with this Chamber of Commerce number already exists.";
    ErrBatchNotInState => "Deze uitbetaling staat niet in de juiste stap voor deze actie.", "This payout batch is not at the right step for this action.";
    ErrOfferNotPublishable => "Alleen een goedgekeurde aanbieder kan aanbod publiceren.", "Only an approved provider can publish offers.";
    ErrRequestClosed => "Deze aanvraag is gesloten.", "This request is closed.";
    ErrDateOutsidePeriod => "Deze datum valt buiten de programmaperiode.", "This date is outside the programme period.";
    ErrUnknownInvoice => "Er is geen factuur met dit nummer. Een factuurnummer ziet eruit als CK-2026-000123.", "There is no invoice with this number. An invoice number looks like CK-2026-000123.";
    ErrCreditAlreadyLinked => "Deze bijschrijving is al aan een factuur gekoppeld.", "This credit is already linked to an invoice.";
    ErrDateInPast => "Deze dag is al voorbij. Kies vandaag of een latere dag.", "This day has passed. Choose today or a later day.";
    ErrDateInFuture => "Deze dag ligt nog in de toekomst. Vul vandaag of een eerdere dag in.", "This day is still in the future. Enter today or an earlier day.";
    ErrNotAnImage => "Upload een JPEG-, PNG- of WebP-afbeelding.", "Upload a JPEG, PNG or WebP image.";
    ErrImageTooLarge => "Deze afbeelding is te groot (maximaal 5 MB en 40 megapixel).", "This image is too large (at most 5 MB and 40 megapixels).";
    ErrTooManyImages => "Een aanbod heeft hoogstens 5 afbeeldingen.", "An offer has at most 5 images.";
    ErrNoActivePass => "Je hebt nog geen actieve pas. Activeer je pas met de link uit de uitnodiging van je school.", "You have no active pass yet. Activate your pass with the link in your school's invitation.";
    ErrInvalidCode => "Een betaalcode heeft zes cijfers.", "A payment code has six digits.";
    ErrCodeInvalidOrUsed => "Deze code is onbekend, verlopen of al gebruikt. Vraag de student om een nieuwe code.", "This code is unknown, expired or already used. Ask the student for a new code.";
    ErrInsufficientCredit => "Het tegoed van de student is niet genoeg voor dit bedrag; er is niets afgeschreven.", "The student's credit does not cover this amount; nothing was charged.";
    ErrRefundWindowClosed => "Deze betaling kan niet meer worden teruggedraaid: de 14 dagen zijn voorbij of ze is al uitbetaald.", "This payment can no longer be refunded: the 14 days have passed or it has been paid out.";
    ErrCannotEraseOperator => "De gegevens van een beheerder worden niet zo gewist: trek eerst de beheerdersrol in.", "An operator's data is not erased this way: withdraw the operator role first.";
    ErrTooManyKeys => "Je hebt het maximum van 10 actieve sleutels; trek er eerst een in.", "You have the maximum of 10 active keys; revoke one first.";
    Registry => "Instellingen en vestigingen", "Institutions and locations";
    RegistryIntro => "Registreer vestigingen één voor één of lees een CSV-bestand in. Een bestand wordt eerst gecontroleerd; pas na je bevestiging wordt alles in één keer vastgelegd, of niets.",
                     "Register locations one by one or import a CSV file. A file is checked first; only after you confirm is everything recorded at once, or nothing.";
    RegistryColumns => "Kolommen: BRIN; Instelling; KvK (optioneel); Vestigingsnummer; Vestiging; Straat; Postcode; Plaats; CJP-schoolnummer. Puntkomma of komma, UTF-8 of Windows-1252.",
                       "Columns: BRIN; Instelling; KvK (optional); Vestigingsnummer; Vestiging; Straat; Postcode; Plaats; CJP-schoolnummer. Semicolon or comma, UTF-8 or Windows-1252.";
    RegistryImported => "Ingelezen.", "Imported.";
    LocationRegistered => "Vestiging opgeslagen.", "Location saved.";
    ImportFile => "Bestand inlezen", "Import a file";
    CsvFile => "CSV-bestand (hoogstens 1 MB)", "CSV file (1 MB at most)";
    CheckFile => "Bestand controleren", "Check file";
    UploadExpired => "Dit bestand is niet (meer) beschikbaar; lees het opnieuw in.", "This file is not available (any more); upload it again.";
    FileHasProblems => "Het bestand heeft fouten", "The file has errors";
    Line => "Regel", "Line";
    NothingImported => "Er is niets ingelezen. Verbeter het bestand en lees het opnieuw in.", "Nothing was imported. Correct the file and upload it again.";
    New => "nieuw", "new";
    Changed => "gewijzigd", "changed";
    Unchanged => "ongewijzigd", "unchanged";
    ConfirmImport => "Bevestigen en vastleggen", "Confirm and record";
    RegisterLocation => "Vestiging registreren of wijzigen", "Register or change a location";
    RegisterLocationHint => "Een bestaande vestiging (zelfde BRIN en vestigingsnummer) wordt bijgewerkt.", "An existing location (same BRIN and location number) is updated.";
    KvkOptional => "KvK-nummer instelling (optioneel)", "Institution's KvK number (optional)";
    LocationName => "Naam vestiging", "Location name";
    SaveLocation => "Vestiging opslaan", "Save location";
    DuoCounts => "DUO-aantallen", "DUO counts";
    DuoIntro => "Lees het open-databestand van DUO in zoals het gepubliceerd is. Je kiest welke kolom wat bevat; die keuze wordt onthouden. Alleen geregistreerde vestigingen krijgen een nieuw aantal; eerdere aantallen blijven bewaard.",
                "Import DUO's open-data file as published. You choose which column holds what; the choice is remembered. Only registered locations get a new count; earlier counts are kept.";
    DuoFile => "DUO-bestand (CSV, hoogstens 1 MB)", "DUO file (CSV, 1 MB at most)";
    DuoImported => "DUO-aantallen vastgelegd. Gewijzigde vestigingen:", "DUO counts recorded. Locations changed:";
    DuoHistory => "Eerdere imports", "Earlier imports";
    DuoHistoryEmpty => "Nog geen DUO-imports.", "No DUO imports yet.";
    MaskedHint => "DUO schermt aantallen onder de 5 af en publiceert ze als 4 (INDICATIEAVG = J); die tellen hier als 4 mee.",
                  "DUO masks counts under 5 and publishes them as 4 (INDICATIEAVG = J); they count as 4 here.";
    AmbiguousBrin => "Dit bestand telt per instelling, maar deze instellingen hebben meer vestigingen; kies de kolom met het vestigingsnummer:",
                     "This file counts per institution, but these institutions have several locations; choose the column with the location number:";
    MappingHint => "Welke kolom bevat wat? Pas aan en toon opnieuw.", "Which column holds what? Adjust and show again.";
    MappingNeeded => "Kies de kolommen voor BRIN en aantal.", "Choose the columns for BRIN and count.";
    ColumnBrin => "Kolom BRIN", "BRIN column";
    ColumnVestiging => "Kolom vestigingsnummer", "Location number column";
    ColumnCount => "Kolom aantal studenten", "Student count column";
    ColumnMasked => "Kolom afscherming (INDICATIEAVG)", "Masking column (INDICATIEAVG)";
    NoSuchColumn => "(geen)", "(none)";
    ApplyMapping => "Opnieuw tonen", "Show again";
    CurrentCount => "nu", "now";
    NewCount => "nieuw", "new";
    Attachments => "Bijlagen", "Attachments";
    FooterText => "MBO Cultuurkaart — een programma van CJP voor het mbo.", "MBO Cultuurkaart — a CJP programme for vocational education.";
    Weborders => "Weborders", "Weborders";
    SchoolWebordersIntro => "Aanbieders maken weborders voor activiteiten die met een docent zijn afgesproken. Keur ze goed of af; bij goedkeuring gaat het bedrag direct van het budget af. Binnen de bedenktijd kun je een goedkeuring nog intrekken.", "Providers create weborders for activities agreed with a teacher. Approve or reject them; on approval the amount leaves the budget at once. During the cooling-off period you can still undo an approval.";
    WebordersEmpty => "Er zijn (nog) geen weborders.", "There are no weborders (yet).";
    Holds => "Reserveringen", "Holds";
    HoldsIntro => "Reserveer een deel van het budget voor een geplande activiteit. Het gereserveerde bedrag kan niet aan iets anders worden uitgegeven; wat over is komt terug op het budget als de reservering vervalt of wordt opgeheven.", "Earmark part of the budget for a planned activity. The earmarked amount cannot be spent on anything else; what is left returns to the budget when the hold expires or is released.";
    HoldsEmpty => "Geen reserveringen.", "No holds.";
    NewHold => "Budget reserveren", "Earmark budget";
    Description => "Omschrijving", "Description";
    ExpiresOn => "Vervalt op", "Expires on";
    Remaining => "nog gereserveerd", "still earmarked";
    ReleaseHold => "Reservering opheffen", "Release hold";
    HoldCreated => "Het budget is gereserveerd.", "The budget has been earmarked.";
    HoldReleased => "De reservering is opgeheven; het restant staat weer op het budget.", "The hold has been released; what was left is back on the budget.";
    HoldStatusActive => "actief", "active";
    HoldStatusReleased => "opgeheven", "released";
    HoldStatusExpired => "vervallen", "expired";
    Approve => "Goedkeuren", "Approve";
    PayFromHold => "Betalen uit reservering", "Pay from hold";
    NoHoldChoice => "Geen reservering (uit het budget)", "No hold (from the budget)";
    ApproveHint => "Het bedrag gaat direct van het budget (of eerst van de gekozen reservering) af.", "The amount leaves the budget (or first the chosen hold) at once.";
    UndoApproval => "Goedkeuring intrekken", "Undo approval";
    UndoHint => "Kan tot het einde van de bedenktijd; het bedrag komt terug op het budget.", "Possible until the cooling-off period ends; the amount returns to the budget.";
    CancelWeborder => "Weborder annuleren", "Cancel weborder";
    WithdrawWeborder => "Weborder intrekken", "Withdraw weborder";
    WithdrawWeborderWarning => "De school hoeft deze weborder dan niet meer goed te keuren; de budgethouders en de docent krijgen een mail met je reden. Intrekken kan niet worden teruggedraaid: voor een nieuwe afspraak maak je een nieuwe weborder.", "The school then no longer needs to approve this weborder; the budget holders and the teacher get a mail with your reason. Withdrawing cannot be undone: for a new arrangement you make a new weborder.";
    YesWithdrawWeborder => "Ja, weborder intrekken", "Yes, withdraw the weborder";
    CancelWeborderConfirm => "Annuleren kan niet ongedaan worden gemaakt. Het bedrag komt terug op het budget van de school.", "Cancelling cannot be undone. The amount returns to the school's budget.";
    YesCancelWeborder => "Ja, weborder annuleren", "Yes, cancel the weborder";
    DecideBefore => "Beslissen vóór", "Decide before";
    CoolingOffUntil => "Bedenktijd tot", "Cooling-off until";
    History => "Geschiedenis", "History";
    WeborderApproved => "De weborder is goedgekeurd; het bedrag is van het budget afgeschreven.", "The weborder has been approved; the amount has been taken from the budget.";
    WeborderRejected => "De weborder is afgewezen; de aanbieder krijgt bericht.", "The weborder has been rejected; the provider has been told.";
    WeborderUndone => "De goedkeuring is ingetrokken; het bedrag staat weer op het budget.", "The approval has been withdrawn; the amount is back on the budget.";
    WeborderCancelled => "De weborder is geannuleerd; wat al van het budget was afgeschreven, staat er weer op.", "The weborder has been cancelled; whatever had been taken from the budget is back on it.";
    WeborderCreated => "De weborder is gemaakt; de budgethouder van de school krijgt bericht.", "The weborder has been created; the school's budget holder has been told.";
    ActivityDate => "Datum activiteit", "Activity date";
    AgreedWith => "Afgesproken met", "Agreed with";
    PayoutBatch => "Uitbetaling", "Payout";
    Held => "Gereserveerd", "Earmarked";
    BackToList => "Terug naar het overzicht", "Back to the list";
    WeborderStatusPending => "wacht op goedkeuring", "awaiting approval";
    WeborderStatusApproved => "goedgekeurd", "approved";
    WeborderStatusRejected => "afgewezen", "rejected";
    WeborderStatusExpired => "vervallen", "expired";
    WeborderStatusCancelled => "geannuleerd", "cancelled";
    WeborderStatusInPayout => "in uitbetaling", "being paid out";
    WeborderStatusPaid => "uitbetaald", "paid out";
    Catalogue => "Aanbod zoeken", "Find activities";
    CatalogueIntro => "Zoek culturele activiteiten voor je klas: op woorden, kunstvorm, niveau, regio, prijs, datum of afstand.", "Find cultural activities for your class: by words, art form, level, region, price, date or distance.";
    SearchWords => "Zoekwoorden", "Search words";
    DisciplineLabel => "Kunstvorm", "Art form";
    LevelLabel => "Niveau", "Level";
    FormatLabel => "Waar", "Where";
    RegionLabel => "Provincie", "Province";
    MinPrice => "Prijs vanaf (€)", "Price from (€)";
    MaxPrice => "Prijs tot (€)", "Price up to (€)";
    DateFrom => "Datum vanaf", "Date from";
    DateTo => "Datum tot", "Date to";
    WheelchairAccessible => "Rolstoeltoegankelijk", "Wheelchair accessible";
    MaxDistance => "Binnen (km)", "Within (km)";
    SortBy => "Sorteren op", "Sort by";
    SortRelevance => "Beste match", "Best match";
    SortDistance => "Afstand", "Distance";
    SortPrice => "Prijs (laag-hoog)", "Price (low-high)";
    SortDate => "Eerstvolgende datum", "Next date";
    SortNewest => "Nieuwste", "Newest";
    AnyChoice => "Alle", "All";
    NoOffers => "Geen aanbod gevonden. Probeer minder filters of andere woorden.", "No activities found. Try fewer filters or other words.";
    OnRequest => "Op aanvraag", "On request";
    PerStudent => "per student", "per student";
    PerGroup => "per groep", "per group";
    MinutesShort => "min.", "min.";
    CapacityLabel => "Maximaal aantal deelnemers", "Maximum participants";
    DistanceAway => "afstand", "distance";
    DatesLabel => "Data", "Dates";
    AccessibilityLabel => "Toegankelijkheid", "Accessibility";
    SendRequest => "Aanvraag sturen", "Send request";
    RequestHint => "De aanbieder ziet je naam, je school en het CJP-schoolnummer, zodat hij een weborder kan maken.", "The provider sees your name, your school and its CJP school number, so they can create a weborder.";
    PreferredDates => "Voorkeursdata", "Preferred dates";
    MessageLabel => "Bericht", "Message";
    ForLocation => "Voor vestiging", "For location";
    Requests => "Aanvragen", "Requests";
    RequestsEmpty => "Nog geen aanvragen.", "No requests yet.";
    RequestSent => "Je bericht is verstuurd.", "Your message has been sent.";
    Reply => "Antwoorden", "Reply";
    CloseRequest => "Aanvraag sluiten", "Close request";
    RequestStatusOpen => "wacht op antwoord", "awaiting an answer";
    RequestStatusAnswered => "beantwoord", "answered";
    RequestStatusConverted => "weborder gemaakt", "weborder created";
    RequestStatusClosed => "gesloten", "closed";
    OnlyDocentPlus => "Alleen een Docent+ kan een aanvraag sturen; neem contact op met je budgethouder.", "Only a Docent+ can send a request; ask your budget holder.";
    DisciplineMusic => "Muziek", "Music";
    DisciplineDance => "Dans", "Dance";
    DisciplineTheatre => "Theater", "Theatre";
    DisciplineVisualArts => "Beeldende kunst", "Visual arts";
    DisciplineFilm => "Film", "Film";
    DisciplineLiterature => "Literatuur", "Literature";
    DisciplineHeritage => "Erfgoed", "Heritage";
    DisciplineDesign => "Vormgeving", "Design";
    DisciplineMedia => "Media", "Media";
    DisciplineMultidisciplinary => "Multidisciplinair", "Multidisciplinary";
    FormatInSchool => "Op school", "At school";
    FormatVenue => "Op locatie", "At the venue";
    FormatOnline => "Online", "Online";
    PriceUnitStudent => "per student", "per student";
    PriceUnitGroup => "per groep", "per group";
    OfferStatusDraft => "concept", "draft";
    OfferStatusPublished => "gepubliceerd", "published";
    OfferStatusArchived => "gearchiveerd", "archived";
    Colleagues => "Collega's in het portaal", "Colleagues in the portal";
    InviteColleague => "Collega uitnodigen", "Invite a colleague";
    ColleagueInvited => "De uitnodiging is verstuurd.", "The invitation has been sent.";
    InviteColleagueHint => "Wie nog geen account heeft, krijgt een link om een wachtwoord te kiezen. Wie al een account heeft, krijgt een mail en beslist zelf of hij meedoet. Tot dan zie je hier wat je zelf invulde.", "Someone without an account gets a link to choose a password. Someone with an account gets a mail and decides whether to join. Until then you see here what you typed yourself.";
    ColleagueMember => "In het portaal", "In the portal";
    ColleagueInvitedStatus => "Uitgenodigd", "Invited";
    ColleagueDeclined => "Heeft geweigerd", "Declined";
    ThatIsYou => "(jij)", "(you)";
    RemoveColleague => "Verwijderen", "Remove";
    RemoveColleagueQuestion => "Niet meer laten werken in het portaal van jullie organisatie:", "No longer let this person work in your organisation's portal:";
    RemoveColleagueConfirm => "Ja, verwijder", "Yes, remove";
    WithdrawInvitation => "Uitnodiging intrekken", "Withdraw invitation";
    WithdrawInvitationQuestion => "De uitnodiging intrekken voor", "Withdraw the invitation for";
    WithdrawInvitationConfirm => "Ja, trek in voor", "Yes, withdraw for";
    ColleagueRemoved => "Verwijderd uit het portaal.", "Removed from the portal.";
    JoinedProvider => "Welkom: je werkt nu mee in dit portaal.", "Welcome: you now work in this portal.";
    MyInvitations => "Uitnodigingen", "Invitations";
    MyInvitationsIntro => "Een aanbieder heeft je uitgenodigd om mee te werken in zijn portaal. Accepteer als je dat wilt; weigeren kan ook. Zonder jouw antwoord verandert er niets.", "A provider invited you to work in its portal. Accept if you want to; you can also decline. Without your answer nothing changes.";
    NoInvitations => "Er wachten geen uitnodigingen op je.", "No invitations are waiting for you.";
    InvitedBy => "Uitgenodigd door", "Invited by";
    AcceptInvitation => "Accepteren", "Accept";
    DeclineInvitation => "Weigeren", "Decline";
    InvitationDeclined => "Je hebt de uitnodiging geweigerd.", "You declined the invitation.";
    Pictures => "Afbeeldingen", "Pictures";
    PicturesHint => "JPEG, PNG of WebP, hoogstens 5 MB en 5 afbeeldingen. We verkleinen ze en halen verborgen gegevens (zoals GPS-locaties) eruit.", "JPEG, PNG or WebP, at most 5 MB and 5 pictures. We make them smaller and remove hidden data (such as GPS locations).";
    PictureFile => "Afbeelding", "Picture";
    AltText => "Wat staat erop? (voor schermlezers)", "What does it show? (for screen readers)";
    AddPicture => "Afbeelding toevoegen", "Add picture";
    RemovePicture => "Verwijderen", "Remove";
    PictureAdded => "Afbeelding toegevoegd.", "Picture added.";
    PictureRemoved => "Afbeelding verwijderd.", "Picture removed.";
    Spent => "Besteed", "Spent";
    SpentIntro => "Goedgekeurde, in uitbetaling en uitbetaalde weborders.", "Approved weborders, those being paid out and those paid.";
    ByProvider => "Per aanbieder", "By provider";
    ByDiscipline => "Per kunstvorm", "By art form";
    ByStatus => "Per status", "By status";
    BySchool => "Per vestiging", "By school location";
    PaidOutTotal => "Uitbetaald", "Paid out";
    NothingSpent => "Nog niets besteed.", "Nothing spent yet.";
    Figures => "Cijfers", "Figures";
    ProviderPayoutsIntro => "Goedgekeurde weborders worden na de bedenktijd uitbetaald. Per uitbetaling kun je een specificatie downloaden.", "Approved weborders are paid out after the cooling-off period. You can download a statement for each payout.";
Offers => "Aanbod", "Offers";
    Offer => "Aanbod", "Offer";
    Weborder => "Weborder", "Weborder";
    Request => "Aanvraag", "Request";
    Payouts => "Uitbetalingen", "Payouts";
    Api => "API", "API";
    ApiTitle => "API-koppeling", "API access";
    Created => "Aangemaakt", "Created";
    Location => "Vestiging", "Location";
    VettingStatus => "Beoordeling door het platform", "Vetting by the platform";
    VettingPendingNotice => "Het platform beoordeelt je aanmelding nog. Je kunt al aanbod invoeren, maar pas publiceren en weborders maken als je organisatie is goedgekeurd.", "The platform is still vetting your sign-up. You can already enter offers, but you can only publish them and create weborders once your organisation is approved.";
    VettingRejectedNotice => "Je aanmelding is afgewezen. Je kunt geen aanbod publiceren en geen weborders maken. Neem contact op met CJP als je vragen hebt.", "Your sign-up has been rejected. You cannot publish offers or create weborders. Contact CJP if you have questions.";
    BankAccount => "Bankrekening", "Bank account";
    NoVettedIban => "Nog geen gecontroleerde rekening.", "No vetted account yet.";
    AccountHolder => "Tenaamstelling", "Account holder";
    Iban => "IBAN", "IBAN";
    ChangeIban => "Andere rekening opgeven", "Change your bank account";
    ChangeIbanHint => "Het platform controleert een nieuwe rekening voordat er uitbetalingen naartoe gaan. Tot die tijd blijft de huidige rekening gelden.", "The platform checks a new account before payouts go to it. Until then the current account stays in use.";
    RequestIbanChangeButton => "Rekening laten controleren", "Submit account for checking";
    IbanRequested => "Je nieuwe rekening is ontvangen en wacht op controle.", "Your new account has been received and is waiting for a check.";
    OffersIntro => "Je activiteiten voor de catalogus. Nieuw aanbod is eerst een concept; publiceer het om het zichtbaar te maken voor docenten.", "Your activities for the catalogue. A new offer starts as a draft; publish it to make it visible to teachers.";
    NewOffer => "Nieuw aanbod", "New offer";
    NewOfferIntro => "Een nieuw aanbod wordt als concept opgeslagen. Daarna kun je het publiceren.", "A new offer is saved as a draft. You can publish it afterwards.";
    EditOffer => "Aanbod bewerken", "Edit offer";
    OffersEmpty => "Geen aanbod gevonden.", "No offers found.";
    LegendWhat => "Wat bied je aan?", "What do you offer?";
    LegendWhere => "Waar?", "Where?";
    LegendTerms => "Duur, prijs en data", "Duration, price and dates";
    OfferTitle => "Titel", "Title";
    Disciplines => "Discipline", "Discipline";
    DisciplinesHint => "Kies de belangrijkste kunstdiscipline.", "Choose the main art form.";
    Levels => "Niveaus", "Levels";
    Level => "Niveau", "Level";
    LevelsAll => "Alle niveaus (1 tot en met 4)", "All levels (1 to 4)";
    And => "en", "and";
    Format => "Vorm", "Format";
    Street => "Straat en huisnummer", "Street and number";
    CityHint => "Verplicht, behalve bij online aanbod.", "Required, except for online offers.";
    Region => "Provincie", "Province";
    CoordinatesHint => "Met coördinaten (bijvoorbeeld 52,0907 en 5,1214) kunnen docenten op afstand zoeken. Laat ze leeg als je ze niet weet.", "With coordinates (for example 52.0907 and 5.1214) teachers can search by distance. Leave them empty if you do not know them.";
    Latitude => "Breedtegraad (optioneel)", "Latitude (optional)";
    Longitude => "Lengtegraad (optioneel)", "Longitude (optional)";
    DurationMinutes => "Duur (minuten)", "Duration (minutes)";
    Price => "Prijs", "Price";
    PriceHint => "In euro's, bijvoorbeeld 7,50.", "In euros, for example 7.50.";
    PriceUnit => "Prijs per", "Price per";
    Capacity => "Maximaal aantal deelnemers", "Maximum number of participants";
    Dates => "Data", "Dates";
    DatesHint => "Eén datum per regel, als JJJJ-MM-DD. Laat leeg als de activiteit op aanvraag is.", "One date per line, as YYYY-MM-DD. Leave empty if the activity is on request.";
    Wheelchair => "Toegankelijk voor rolstoelgebruikers", "Wheelchair accessible";
    Accessibility => "Toegankelijkheid (toelichting, optioneel)", "Accessibility (details, optional)";
    SaveOffer => "Aanbod opslaan", "Save offer";
    Publish => "Publiceren", "Publish";
    Archive => "Archiveren", "Archive";
    BackToDraft => "Terug naar concept", "Back to draft";
    OfferSaved => "Aanbod opgeslagen.", "Offer saved.";
    OfferPublished => "Aanbod gepubliceerd: docenten kunnen het nu vinden.", "Offer published: teachers can find it now.";
    OfferArchived => "Aanbod gearchiveerd; het staat niet meer in de catalogus.", "Offer archived; it is no longer in the catalogue.";
    OfferBackToDraft => "Het aanbod is weer een concept en staat niet meer in de catalogus.", "The offer is a draft again and no longer in the catalogue.";
    WebordersIntro => "Met een weborder vraag je een school om een activiteit te betalen uit het budget van de vestiging. De budgethouder beslist binnen de termijn; na goedkeuring volgt een bedenktijd en daarna de uitbetaling.", "With a weborder you ask a school to pay for an activity from the location's budget. The budget holder decides within the deadline; approval is followed by a cooling-off period and then the payout.";
    NewWeborder => "Nieuwe weborder", "New weborder";
    NewWeborderIntro => "Vraag de docent om het CJP-schoolnummer van de vestiging. Controleer eerst de vestiging; daarna vul je de weborder in.", "Ask the teacher for the location's CJP school number. Check the location first; then fill in the weborder.";
    FindSchool => "Vestiging zoeken", "Find location";
    SchoolFound => "Vestiging:", "Location:";
    NoPublishedOffers => "Je hebt nog geen gepubliceerd aanbod. Publiceer eerst een aanbod om er een weborder voor te maken.", "You have no published offers yet. Publish an offer first to create a weborder for it.";
    WeborderDetails => "Gegevens van de weborder", "Weborder details";
    StudentsCount => "Aantal studenten", "Number of students";
    WeborderAmountHint => "Het totaalbedrag in euro's, bijvoorbeeld 312,50.", "The total amount in euros, for example 312.50.";
    TeacherName => "Naam docent", "Teacher's name";
    TeacherEmail => "E-mailadres docent", "Teacher's e-mail address";
    SendWeborder => "Weborder versturen", "Send weborder";
    SendWeborderHint => "De budgethouder van de vestiging krijgt een mail en beslist binnen de termijn.", "The location's budget holder gets a mail and decides within the deadline.";
    DecideBy => "School beslist uiterlijk", "School decides by";
    CancelWeborderWarning => "Annuleren kan niet worden teruggedraaid. Het bedrag gaat terug naar het budget van de school en wordt niet aan je uitbetaald.", "Cancelling cannot be undone. The amount goes back to the school's budget and will not be paid to you.";
    RequestsIntro => "Vragen van docenten over je aanbod. Antwoord in de aanvraag of maak er een weborder van.", "Teachers' questions about your offers. Answer in the request or turn it into a weborder.";
    Messages => "Berichten", "Messages";
    NoMessages => "Nog geen berichten.", "No messages yet.";
    YourMessage => "Je bericht", "Your message";
    SendReply => "Versturen", "Send";
    CloseRequestHint => "Komt er geen activiteit van? Sluit dan de aanvraag.", "Will no activity come of it? Then close the request.";
    MakeWeborderFromRequest => "Maak een weborder van deze aanvraag", "Make a weborder from this request";
    ReplyDone => "Verwerkt: de docent ziet het in de aanvraag.", "Done: the teacher sees it in the request.";
    PayoutsEmpty => "Nog geen uitbetalingen.", "No payouts yet.";
    ExecutionDate => "Uitvoerdatum", "Execution date";
    StatementPdf => "Specificatie (pdf)", "Statement (PDF)";
    StatementCsv => "Specificatie (CSV)", "Statement (CSV)";
    ApiIntro => "Met de API koppel je je eigen systeem aan het platform, bijvoorbeeld om weborders te maken en hun status op te vragen. De API werkt met JSON; stuur bij elk verzoek je sleutel mee in deze kop:", "With the API you connect your own system to the platform, for example to create weborders and check their status. The API works with JSON; send your key with every request in this header:";
    ApiAuthHeader => "Authorization: Bearer <sleutel>", "Authorization: Bearer <key>";
    ApiSpec => "API-beschrijving (OpenAPI)", "API description (OpenAPI)";
    ApiKeys => "API-sleutels", "API keys";
    ApiKeysEmpty => "Nog geen sleutels.", "No keys yet.";
    KeyLabel => "Omschrijving", "Label";
    KeyLabelHint => "Bijvoorbeeld de naam van het systeem dat de sleutel gebruikt.", "For example the name of the system that uses the key.";
    CreateKey => "Sleutel maken", "Create key";
    CreateKeyHint => "Een nieuwe sleutel wordt één keer op deze pagina getoond, direct na het aanmaken.", "A new key is shown once on this page, right after it is made.";
    NewKeyWarning => "Kopieer deze sleutel nu en bewaar hem veilig. Hij wordt niet opnieuw getoond.", "Copy this key now and keep it safe. It will not be shown again.";
    LastUsed => "Laatst gebruikt", "Last used";
    NeverUsed => "Nog nooit gebruikt", "Never used";
    Revoked => "Ingetrokken", "Revoked";
    Revoke => "Intrekken", "Revoke";
    ApiKeyRevoked => "Sleutel ingetrokken; verzoeken met deze sleutel worden geweigerd.", "Key revoked; requests with this key are refused.";
    SignupTitle => "Aanmelden als culturele aanbieder", "Sign up as a cultural provider";
    SignupIntro => "Meld je organisatie aan om culturele activiteiten aan te bieden aan mbo-scholen.", "Sign up your organisation to offer cultural activities to mbo schools.";
    SignupNextSteps => "Na het aanmelden krijgt de contactpersoon een mail met een link om een wachtwoord te kiezen. Je kunt dan al aanbod invoeren; publiceren kan zodra het platform je organisatie heeft goedgekeurd.", "After signing up, the contact person gets a mail with a link to choose a password. You can then already enter offers; publishing is possible once the platform has approved your organisation.";
    Organisation => "Naam organisatie", "Organisation name";
    KvkHint => "8 cijfers, zoals op je inschrijving bij de Kamer van Koophandel.", "8 digits, as on your Chamber of Commerce registration.";
    VatNumber => "Btw-nummer (optioneel)", "VAT number (optional)";
    Website => "Website (optioneel)", "Website (optional)";
    WebsiteHint => "Begint met https://", "Starts with https://";
    IbanHint => "Hierop ontvang je uitbetalingen. Het platform controleert de rekening voordat er uitbetalingen naartoe gaan.", "Payouts go to this account. The platform checks the account before any payout goes to it.";
    ContactPerson => "Contactpersoon", "Contact person";
    ContactName => "Naam contactpersoon", "Contact person's name";
    ContactEmail => "E-mailadres contactpersoon", "Contact person's e-mail address";
    ContactEmailHint => "Dit wordt de inlognaam; hierheen sturen we de link om een wachtwoord te kiezen.", "This becomes the login name; we send the link to choose a password here.";
    SignupSubmit => "Aanmelden", "Sign up";
    SignedUpText => "Bedankt voor je aanmelding! De contactpersoon krijgt een mail met een link om een wachtwoord te kiezen (kijk ook bij ongewenste mail). Het platform beoordeelt je aanmelding; zodra die is goedgekeurd, kun je aanbod publiceren en weborders maken.", "Thank you for signing up! The contact person gets a mail with a link to choose a password (also check the spam folder). The platform vets your sign-up; once it is approved, you can publish offers and create weborders.";
    ProviderStatusPending => "Wacht op controle", "Awaiting check";
    ProviderStatusApproved => "Goedgekeurd", "Approved";
    ProviderStatusRejected => "Afgewezen", "Rejected";
    ProvidersIntro => "Nieuwe aanbieders en gewijzigde rekeningnummers wachten hier op je controle; ze staan bovenaan.", "New providers and changed bank accounts wait here for your check; they are listed first.";
    ProvidersEmpty => "Geen aanbieders gevonden.", "No providers found.";
    IbanToCheck => "Rekeningnummer te controleren", "Bank account to check";
    BackToProviders => "Terug naar aanbieders", "Back to providers";
    ProviderDetails => "Gegevens", "Details";
    ProviderVatNumber => "Btw-nummer", "VAT number";
    ProviderPhone => "Telefoon", "Phone";
    ProviderWebsite => "Website", "Website";
    ProviderAccountHolder => "Tenaamstelling rekening", "Account holder";
    VettedIban => "Gecontroleerd rekeningnummer (IBAN)", "Checked bank account (IBAN)";
    PendingIban => "Nieuw rekeningnummer, nog te controleren", "New bank account, still to be checked";
    IbanNone => "Nog geen", "None yet";
    NotGiven => "Niet opgegeven", "Not given";
    SignedUpOn => "Aangemeld op", "Signed up on";
    ProviderUsersEmpty => "Deze aanbieder heeft nog geen gebruikers.", "This provider has no users yet.";
    ProviderHistory => "Geschiedenis", "History";
    ProviderHistoryEmpty => "Nog niets vastgelegd.", "Nothing recorded yet.";
    ProviderEventSignedUp => "Aangemeld", "Signed up";
    ProviderEventApproved => "Aanbieder goedgekeurd", "Provider approved";
    ProviderEventRejected => "Aanbieder afgewezen", "Provider rejected";
    ProviderEventIbanRequested => "Nieuw rekeningnummer opgegeven", "New bank account submitted";
    ProviderEventIbanApproved => "Rekeningnummer goedgekeurd", "Bank account approved";
    ProviderEventIbanRejected => "Rekeningnummer afgewezen", "Bank account rejected";
    ProviderDecision => "Besluit", "Decision";
    ApproveProvider => "Aanbieder goedkeuren", "Approve provider";
    ApproveProviderHint => "Na goedkeuring kan de aanbieder aanbod publiceren en weborders maken. Een opgegeven rekeningnummer wordt meteen mee goedgekeurd; de aanbieder krijgt een mail.", "Once approved, the provider can publish offers and create weborders. A submitted bank account is approved along with it; the provider gets a mail.";
    RejectProvider => "Aanbieder afwijzen", "Reject provider";
    RejectProviderConfirm => "Weet je zeker dat je deze aanbieder wilt afwijzen? De aanbieder krijgt een mail met de reden en kan geen aanbod publiceren of weborders maken.", "Are you sure you want to reject this provider? The provider gets a mail with the reason and cannot publish offers or create weborders.";
    YesReject => "Ja, afwijzen", "Yes, reject";
    IbanCheckHint => "Controleer of rekeningnummer en tenaamstelling bij deze aanbieder horen (bijvoorbeeld met een bankafschrift of het KvK-uittreksel). Uitbetalingen gaan alleen naar een gecontroleerd rekeningnummer.", "Check that the account number and holder belong to this provider (for example with a bank statement or the Chamber of Commerce extract). Payouts only go to a checked bank account.";
    ApproveIban => "Rekeningnummer goedkeuren", "Approve bank account";
    RejectIban => "Rekeningnummer afwijzen", "Reject bank account";
    ProviderDecided => "Besluit vastgelegd.", "Decision recorded.";
    PayoutBatches => "Uitbetalingen", "Payouts";
    PayoutsIntro => "Weborders worden in batches uitbetaald: maak een batch, download het SEPA-bestand en lees het in bij de bank, markeer de batch als verstuurd en, zodra de bank hem heeft uitgevoerd, als betaald.", "Weborders are paid out in batches: create a batch, download the SEPA file and upload it to the bank, mark the batch as sent and, once the bank has executed it, as paid.";
    ReadyForPayout => "Klaar voor de volgende uitbetaling", "Ready for the next payout";
    PayableEmpty => "Er staat nu niets klaar. Een goedgekeurde weborder wordt uitbetaalbaar na de bedenktijd, en alleen als de aanbieder een gecontroleerd rekeningnummer heeft.", "Nothing is ready now. An approved weborder becomes payable after the cooling-off period, and only if the provider has a checked bank account.";
    WebordersInBatch => "Weborders", "Weborders";
    PayoutTotal => "Totaal", "Total";
    MakePayoutBatch => "Uitbetalingsbatch maken", "Create payout batch";
    BatchConfirm => "Alle weborders hierboven gaan in deze batch: ze worden door de batch geclaimd en kunnen daarna niet meer worden geannuleerd.", "All weborders above go into this batch: they are claimed by the batch and can no longer be cancelled afterwards.";
    BatchExecutionDate => "Uitvoerdatum", "Execution date";
    BatchExecutionDateHint => "De dag waarop de bank moet betalen. Leeg laten = morgen.", "The day the bank should pay. Leave empty = tomorrow.";
    YesMakeBatch => "Ja, batch maken", "Yes, create batch";
    BatchesSoFar => "Batches", "Batches";
    BatchesEmpty => "Nog geen uitbetalingsbatches.", "No payout batches yet.";
    BatchStatusCreated => "Aangemaakt", "Created";
    BatchStatusSent => "Naar de bank verstuurd", "Sent to the bank";
    BatchStatusPaid => "Betaald", "Paid";
    BatchTransfers => "Overboekingen", "Transfers";
    DownloadSepa => "SEPA-bestand (pain.001)", "SEPA file (pain.001)";
    MarkSent => "Markeren als verstuurd naar de bank", "Mark as sent to the bank";
    MarkPaid => "Markeren als betaald", "Mark as paid";
    MarkPaidConfirm => "Heeft de bank deze batch uitgevoerd? De uitbetaling wordt dan in het grootboek vastgelegd, de weborders worden betaald en de aanbieders krijgen een mail. Dit kan niet worden teruggedraaid.", "Has the bank executed this batch? The payout is then recorded in the ledger, the weborders become paid and the providers get a mail. This cannot be undone.";
    YesMarkPaid => "Ja, de bank heeft betaald", "Yes, the bank has paid";
    BatchCreated => "Uitbetalingsbatch gemaakt. Download het SEPA-bestand en lees het in bij de bank.", "Payout batch created. Download the SEPA file and upload it to the bank.";
    BatchSent => "Batch gemarkeerd als verstuurd naar de bank.", "Batch marked as sent to the bank.";
    BatchPaid => "Batch betaald; de aanbieders hebben een mail gekregen.", "Batch paid; the providers have been mailed.";
    AllWeborders => "Alle weborders", "All weborders";
    AdminWebordersIntro => "De weborders van alle aanbieders en scholen. Een goedgekeurde weborder die nog niet in een uitbetaling zit, kun je annuleren; het bedrag gaat dan terug naar het budget van de school.", "The weborders of all providers and schools. You can cancel an approved weborder that is not yet in a payout; the amount then goes back to the school's budget.";
    NoWebordersFound => "Geen weborders gevonden.", "No weborders found.";
    ActivityOn => "Activiteit op", "Activity on";
    PayoutBatchLabel => "Uitbetalingsbatch", "Payout batch";
    CancelThisWeborder => "Weborder annuleren", "Cancel weborder";
    OperatorCancelConfirm => "Weet je zeker dat je deze weborder wilt annuleren? Het bedrag gaat terug naar het budget van de school en de aanbieder krijgt er niets voor uitbetaald. Dit kan niet worden teruggedraaid.", "Are you sure you want to cancel this weborder? The amount goes back to the school's budget and the provider is not paid for it. This cannot be undone.";
    YesCancelIt => "Ja, weborder annuleren", "Yes, cancel the weborder";
    NoGoBack => "Nee, terug", "No, go back";
    WeborderCancelledByOperator => "Weborder geannuleerd; het bedrag staat weer op het budget van de school.", "Weborder cancelled; the amount is back on the school's budget.";
}

/// The months, for [`date_in`].
const MONTHS_NL: [&str; 12] =
    ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];
const MONTHS_EN: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// A `YYYY-MM-DD` date as people read it in this page's language: "3 december 2026",
/// "3 December 2026". Moments (date and time) are `domain::time::format_local`'s
/// "03-12-2026 14:05" in lists.
pub fn date_text(iso: &str) -> String {
    date_in(lang(), iso)
}

/// [`date_text`] in `lang`; text that is not a calendar date stays as it is.
pub fn date_in(lang: Lang, iso: &str) -> String {
    let iso = iso.trim();
    if !domain::time::is_valid_date(iso) {
        return iso.to_owned();
    }
    let (Ok(month), Ok(day)) = (iso[5..7].parse::<usize>(), iso[8..10].parse::<u32>()) else { return iso.to_owned() };
    let months = if lang == Lang::Nl { MONTHS_NL } else { MONTHS_EN };
    format!("{day} {} {}", months[month - 1], &iso[0..4])
}

/// Dates written one after another ("2027-03-03 2027-04-14" or one per line), each as
/// [`date_text`], joined with commas.
pub fn dates_text(list: &[String]) -> String {
    list.iter().map(|d| date_text(d)).collect::<Vec<_>>().join(", ")
}

/// Declares [`Noun`]: a thing the UI counts, with its singular and plural in Dutch and English.
macro_rules! nouns {
    ($($key:ident => ($nl_one:expr, $nl_many:expr), ($en_one:expr, $en_many:expr);)*) => {
        /// A counted thing: never "1 resultaten" or "1 results".
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Noun { $($key),* }

        impl Noun {
            /// Every noun, for the tests.
            pub const ALL: &'static [Noun] = &[$(Noun::$key),*];

            /// The singular and the plural in `lang`.
            pub fn forms(self, lang: Lang) -> (&'static str, &'static str) {
                match (self, lang) {
                    $((Noun::$key, Lang::Nl) => ($nl_one, $nl_many), (Noun::$key, Lang::En) => ($en_one, $en_many),)*
                }
            }
        }
    };
}

nouns! {
    Result => ("resultaat", "resultaten"), ("result", "results");
    Student => ("student", "studenten"), ("student", "students");
    Day => ("dag", "dagen"), ("day", "days");
    BankCredit => ("bijschrijving", "bijschrijvingen"), ("credit", "credits");
    Institution => ("instelling", "instellingen"), ("institution", "institutions");
    Location => ("vestiging", "vestigingen"), ("location", "locations");
    Provider => ("aanbieder", "aanbieders"), ("provider", "providers");
    Person => ("persoon", "personen"), ("person", "people");
    QueuedMail => ("mail in de wachtrij", "mails in de wachtrij"), ("mail waiting", "mails waiting");
    OpenRequest => ("open aanvraag", "open aanvragen"), ("open request", "open requests");
    PendingWeborder => ("weborder wacht op de school", "weborders wachten op de school"), ("weborder awaiting the school", "weborders awaiting the school");
    PublishedOffer => ("gepubliceerd aanbod", "gepubliceerde aanbiedingen"), ("published offer", "published offers");
    PartialPayment => ("deelbetaling", "deelbetalingen"), ("partial payment", "partial payments");
    RowRead => ("regel gelezen", "regels gelezen"), ("row read", "rows read");
    MaskedRow => ("regel afgeschermd (< 5, geteld als 4)", "regels afgeschermd (< 5, geteld als 4)"), ("row masked (< 5, counted as 4)", "rows masked (< 5, counted as 4)");
    Unregistered => ("instelling of vestiging niet geregistreerd (overgeslagen)", "instellingen of vestigingen niet geregistreerd (overgeslagen)"), ("institution or location not registered (skipped)", "institutions or locations not registered (skipped)");
    Leaver => ("persoon van je lijst staat niet in dit bestand.", "personen van je lijst staan niet in dit bestand."), ("person on your list is not in this file.", "people on your list are not in this file.");
}

/// The word for `n` of `noun` in this page's language: the singular for exactly one, the
/// plural for anything else (0, 2, "200+").
pub fn noun_for<N: PartialEq + From<u8> + Copy>(n: N, noun: Noun) -> &'static str {
    noun_in(lang(), n, noun)
}

/// [`noun_for`] in `lang`.
pub fn noun_in<N: PartialEq + From<u8> + Copy>(lang: Lang, n: N, noun: Noun) -> &'static str {
    let (one, many) = noun.forms(lang);
    if n == N::from(1) {
        one
    } else {
        many
    }
}

/// `n` and its noun: "1 resultaat", "3 resultaten".
pub fn counted<N: PartialEq + From<u8> + Copy + std::fmt::Display>(n: N, noun: Noun) -> String {
    let word = noun_for(n, noun);
    format!("{n} {word}")
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

    /// The Dutch forms of address that the UI never uses: it says "je" to everyone.
    pub(crate) fn formal_words(text: &str) -> Vec<&str> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| matches!(w.to_lowercase().as_str(), "u" | "uw" | "uwe" | "uzelf"))
            .collect()
    }

    #[test]
    fn the_dutch_texts_say_je_throughout() {
        let mut formal = Vec::new();
        for key in T::ALL {
            if !formal_words(key.text(Lang::Nl)).is_empty() {
                formal.push(format!("{key:?}: {}", key.text(Lang::Nl)));
            }
        }
        for noun in Noun::ALL {
            let (one, many) = noun.forms(Lang::Nl);
            if !formal_words(one).is_empty() || !formal_words(many).is_empty() {
                formal.push(format!("{noun:?}"));
            }
        }
        assert!(formal.is_empty(), "texts that say \"u\" instead of \"je\":\n{}", formal.join("\n"));
        assert_eq!(formal_words("Weet u zeker dat uw pas…"), ["u", "uw"], "the check finds them");
        assert!(formal_words("Uitbetalingen, uur, museum").is_empty(), "and only them");
    }

    #[test]
    fn a_count_of_one_takes_the_singular_and_every_other_count_the_plural() {
        for noun in Noun::ALL {
            for lang in [Lang::Nl, Lang::En] {
                let (one, many) = noun.forms(lang);
                assert_ne!(one, many, "{noun:?} in {lang:?}");
                assert_eq!(noun_in(lang, 1_i64, *noun), one, "{noun:?} in {lang:?}");
                for n in [0_i64, 2, 11, 200] {
                    assert_eq!(noun_in(lang, n, *noun), many, "{n} {noun:?} in {lang:?}");
                }
                assert_eq!(noun_in(lang, 1_usize, *noun), one, "any kind of number");
            }
        }
        assert_eq!(noun_in(Lang::Nl, 1_u32, Noun::Result), "resultaat");
        assert_eq!(noun_in(Lang::En, 3_u32, Noun::Person), "people");
    }

    /// A number on a stat card or before a counted word goes through [`Noun`]: a page's
    /// source that puts a count before a fixed text (`{n}</span>{t(T::…)}`) fails here.
    #[test]
    fn counts_in_the_pages_go_through_the_counted_nouns() {
        let sources = [
            include_str!("../pages/admin/home.rs"),
            include_str!("../pages/provider/home.rs"),
            include_str!("../pages/school/home.rs"),
            include_str!("../pages/admin/imports.rs"),
            include_str!("../pages/admin/budget.rs"),
            include_str!("../pages/passes.rs"),
            include_str!("../components/pager.rs"),
        ];
        for source in sources {
            for line in source.lines() {
                assert!(
                    !(line.contains(r#"class="stat">"#) && line.contains("</span>{t(T::")),
                    "a stat card's label is a fixed text, not counted: {}",
                    line.trim()
                );
            }
        }
    }

    #[test]
    fn dates_read_as_people_write_them_in_each_language() {
        assert_eq!(date_in(Lang::Nl, "2026-12-03"), "3 december 2026");
        assert_eq!(date_in(Lang::En, "2026-12-03"), "3 December 2026");
        assert_eq!(date_in(Lang::Nl, "2027-01-16"), "16 januari 2027");
        assert_eq!(date_in(Lang::Nl, " 2027-02-29 "), "2027-02-29", "not a calendar day: as it is");
        assert_eq!(date_in(Lang::Nl, "op aanvraag"), "op aanvraag");
    }

    /// A page shows a day with [`date_text`], never as the stored `YYYY-MM-DD`.
    #[test]
    fn pages_show_days_in_words() {
        let sources = [
            include_str!("../pages/admin/budget.rs"),
            include_str!("../pages/admin/market.rs"),
            include_str!("../pages/provider/weborders.rs"),
            include_str!("../pages/provider/payouts.rs"),
            include_str!("../pages/provider/offers.rs"),
            include_str!("../pages/school/budget.rs"),
            include_str!("../pages/school/home.rs"),
            include_str!("../pages/school/weborders.rs"),
            include_str!("../pages/teacher/catalogue.rs"),
        ];
        for source in sources {
            for line in source.lines().filter(|l| !l.trim_start().starts_with("//") && !l.contains("use ")) {
                for raw in [
                    "local_date(",
                    "w.activity_date,",
                    "b.activity_date,",
                    "{activity_date}",
                    ".activity_date.clone()",
                    ".decision_date.clone()}",
                    "{execution_date}",
                    "b.execution_date)",
                    "h.expires_on)",
                    "p.starts_on,",
                    "dates.join(\", \")",
                ] {
                    if line.contains(raw) {
                        assert!(
                            line.contains("date_text(") || line.contains("dates_text("),
                            "a raw date on a page: {}",
                            line.trim()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn unknown_language_codes_fall_back_to_dutch() {
        assert_eq!(Lang::from_code("en"), Lang::En);
        assert_eq!(Lang::from_code("EN"), Lang::En);
        assert_eq!(Lang::from_code("fr"), Lang::Nl);
    }
}
