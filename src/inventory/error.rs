//! Errors of the Inventory API. Each maps to one CLI exit code. They carry data, never
//! words: the message catalog words them in the language of whoever reads them (a server's client
//! words its own errors), and `Display` is implemented there.

use serde::{Deserialize, Serialize};

use crate::domain::{NumberError, Refusal, Role};
use crate::store::StoreError;

/// What is wrong with one field of a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldProblem {
    Number(NumberErrorWire),
    Empty,
    TooLong {
        max: usize,
    },
    ControlChars,
    Spaces,
    /// One of these values was expected.
    OneOf(Vec<String>),
    /// The same value already stands on an earlier line of the file.
    Repeats {
        line: u64,
    },
    TooMany {
        max: u64,
    },
    /// A bidirectional override or an invisible format character.
    Invisible,
    /// Above the documented limit, named as people write it ("3650", "365d").
    AtMost {
        max: String,
    },
    /// Not a calendar date as `YYYY-MM-DD`.
    Date,
    /// An end date earlier than the start date given with it.
    BeforeStart {
        start: String,
    },
    /// Outside a range, both ends named as people write them ("0.10", "10.00").
    Between {
        min: String,
        max: String,
    },
    /// Not a number with at most two decimals (a factor or percent); `example` as for
    /// `Hundredths`.
    NotDecimal {
        example: String,
    },
    /// Not given after `code` (a SKU QTY pair without its quantity).
    MissingAfter {
        code: String,
    },
    /// A day still to come (`today` is the user's day now).
    Future {
        today: String,
    },
    /// A day already gone (`today` is the user's day now).
    Past {
        today: String,
    },
    /// More than two digits after the point in a percent or a factor (money says kopecks);
    /// `example` is written with a point and shown with the reader's own separator.
    Hundredths {
        example: String,
    },
    /// A period longer than `max_days` days.
    LongerThan {
        max_days: u64,
    },
    /// A barcode holding a character that parts barcodes in a file (`,` `;` `|`): it would
    /// come back from an export as several.
    Separator,
    /// A row names the same SKU as an earlier line (by its code or any of its barcodes).
    SameSku {
        line: u64,
        code: String,
    },
    /// A barcode an earlier line of the same file gives its SKU (named by its code).
    BarcodeRepeats {
        line: u64,
        code: String,
    },
    /// A barcode that is the code of an earlier line of the same file.
    CodeOfLine {
        line: u64,
        code: String,
    },
    /// A new code that reads as this SKU's code in the other alphabet's look-alike letters.
    LooksLike {
        code: String,
    },
}

impl From<crate::domain::limits::TextError> for FieldProblem {
    fn from(e: crate::domain::limits::TextError) -> Self {
        use crate::domain::limits::TextError as T;
        match e {
            T::Empty => FieldProblem::Empty,
            T::ControlChars => FieldProblem::ControlChars,
            T::Invisible => FieldProblem::Invisible,
            T::TooLong { max } => FieldProblem::TooLong { max },
            T::Spaces => FieldProblem::Spaces,
        }
    }
}

/// `NumberError` in a form that crosses the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NumberErrorWire {
    Empty,
    NotWhole,
    Negative,
    Zero,
    TooLarge,
    NotANumber,
    PastKopecks,
}

impl From<NumberError> for FieldProblem {
    fn from(e: NumberError) -> Self {
        FieldProblem::Number(match e {
            NumberError::Empty => NumberErrorWire::Empty,
            NumberError::NotWhole => NumberErrorWire::NotWhole,
            NumberError::Negative => NumberErrorWire::Negative,
            NumberError::Zero => NumberErrorWire::Zero,
            NumberError::TooLarge => NumberErrorWire::TooLarge,
            NumberError::NotANumber => NumberErrorWire::NotANumber,
            NumberError::PastKopecks => NumberErrorWire::PastKopecks,
        })
    }
}

/// What to say about a typed price: above the limit names the limit as money.
pub fn money_problem(e: NumberError) -> FieldProblem {
    match e {
        NumberError::TooLarge => FieldProblem::AtMost {
            max: crate::domain::quantity::format_money(crate::domain::limits::MAX_MONEY),
        },
        other => other.into(),
    }
}

/// One bad row of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub message: RowMessage,
}

/// What is wrong with a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowMessage {
    /// Words made where the file was read, in the reader's own process and language.
    Text(String),
    /// What the engine refused, worded where it is shown (protocol 6).
    Error(Box<Error>),
    /// What a channel's item ids do not allow.
    Market(MarketProblem),
}

/// Why a row of a channel's item ids or of a marketplace's orders was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MarketProblem {
    /// An item id empty or longer than `max` characters.
    BadItem { item: String, max: usize },
    /// The item id already belongs to another SKU on the channel.
    ItemTaken {
        item: String,
        sku: String,
        channel: String,
    },
    /// No SKU has the order line's item id (or code) on the channel.
    UnknownItem { item: String, channel: String },
}

impl From<String> for RowMessage {
    fn from(s: String) -> Self {
        RowMessage::Text(s)
    }
}

impl From<Error> for RowMessage {
    fn from(e: Error) -> Self {
        RowMessage::Error(Box::new(e))
    }
}

/// Why a named file may not be used for what was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PathProblem {
    /// Given as the database: a folder.
    IsFolder,
    /// Given as the database: a device, pipe or socket.
    NotAFile,
    /// Given as the database: a file of another kind.
    NotStockroom,
    /// No such file.
    NoFile,
    /// Given to restore: not a file `stockroom backup` wrote.
    NotABackup,
    /// A backup path a server would take as relative to its own folder.
    RelativeOnServer,
    /// A file to read that is a folder.
    SourceIsFolder,
    /// A file to read that is a device, pipe or socket (it may never end).
    SourceNotAFile,
    /// Given as the database: a PostgreSQL database without a stockroom in it.
    NoStockroomInDatabase,
}

impl PathProblem {
    /// Why `path` cannot be read as a file, if it cannot: missing, a folder, or a device,
    /// pipe or socket (`/dev/zero` never ends; a pipe may never answer).
    pub fn of_source(path: &std::path::Path) -> Option<PathProblem> {
        match std::fs::metadata(path) {
            Err(_) => Some(PathProblem::NoFile),
            Ok(m) if m.is_dir() => Some(PathProblem::SourceIsFolder),
            Ok(m) if !m.is_file() => Some(PathProblem::SourceNotAFile),
            Ok(_) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InputError {
    UnknownSku(String),
    UnknownLocation(String),
    UnknownChannel(String),
    UnknownReservation(u64),
    UnknownUser(String),
    UnknownPurchaseOrder(u64),
    UnknownCountSession(u64),
    Field {
        field: String,
        value: String,
        problem: FieldProblem,
    },
    DuplicateCode(String),
    DuplicateBarcode {
        barcode: String,
        owner: String,
    },
    DuplicateLocation(String),
    DuplicateChannel(String),
    Rows(Vec<RowError>),
    NoDefaultLocation,
    /// A file that cannot be read at all.
    File {
        file: String,
        message: String,
    },
    /// A file that may not be used for this (a backup target, a restore source):
    /// `PATH: message`, the message already in the user's language.
    Path {
        path: String,
        message: String,
    },
    /// A bad keymap file: `FILE:LINE: message`.
    Keymap {
        file: String,
        line: u64,
        message: String,
    },
    /// A new code that is already a barcode of `owner` (codes and barcodes are one namespace).
    CodeIsBarcode {
        code: String,
        owner: String,
    },
    /// A new barcode that is already the code of `owner`.
    BarcodeIsCode {
        barcode: String,
        owner: String,
    },
    /// A file that may not be used for this, and why (protocol 6; new variants go at the
    /// end: postcard numbers them in order).
    BadPath {
        path: String,
        problem: PathProblem,
    },
    /// No promotion with this number.
    UnknownPromotion(u32),
    /// No SKU has this code or barcode, but one has it spelt with the look-alike letters of
    /// the other alphabet (Latin A, Cyrillic А): a keyboard in the other layout.
    LookAlikeSku {
        typed: String,
        code: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Error {
    /// Refused by the stock rules: exit 1.
    Refused(Refusal),
    /// The actor's role may not do this: exit 1.
    Forbidden {
        actor: String,
        role: Option<Role>,
        needs: Role,
        action: String,
    },
    /// Bad input or usage: exit 2.
    Input(InputError),
    /// Storage or connection: exit 3.
    Store(StoreErrorWire),
}

/// `StoreError` in a form that crosses the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreErrorWire {
    Locked(String),
    Missing(String),
    Corrupt(String),
    Io(String),
    Schema {
        found: u32,
        supported: u32,
    },
    Connection(String),
    /// The disk failed while saving: the change may or may not have been recorded.
    Unconfirmed(String),
    /// The server's database failed earlier and does not open again yet.
    Unavailable(String),
    /// The connection broke after a command was sent and the one retry failed too: the
    /// command may have been applied.
    MaybeApplied(String),
    /// A socket is left beside the database but no server answers on it, and the
    /// database cannot be opened here either. `missing`: the detail names a file that is
    /// not there.
    ServerNotRunning {
        socket: String,
        db: String,
        detail: String,
        missing: bool,
    },
    // Protocol 6 added the ones below; new variants go at the end.
    /// A command applied before whose stored answer cannot be read.
    ReplyLost,
    /// The server at `socket` is stopping and still holds the database.
    ServerStopping {
        socket: String,
    },
    /// No server answers at `socket`.
    ServerGone {
        socket: String,
    },
    /// A restore of a database that a server serves.
    RestoreServed {
        db: String,
        socket: String,
    },
    /// A backup that does not open or read as a database.
    RestoreUnreadable {
        from: String,
        cause: Box<Error>,
    },
    /// A backup in which `check` finds problems.
    RestoreFailsCheck {
        from: String,
        problems: usize,
        first: crate::inventory::check::Problem,
    },
    /// The PostgreSQL database does not answer.
    Unreachable(String),
    /// `migrate` was given one database as both ends.
    MigrateSame {
        db: String,
    },
    /// `migrate` was given a destination that already holds a stockroom (or a file).
    MigrateNotEmpty {
        db: String,
    },
    /// The database to move fails `check`.
    MigrateSourceFailsCheck {
        db: String,
        problems: usize,
    },
    /// The copy does not give the source's figures: entries/SKUs/levels/reservations.
    MigrateDiffers {
        db: String,
        got: String,
        want: String,
        problems: usize,
    },
    /// `restore` on a PostgreSQL database.
    RestoreOnPostgres {
        db: String,
        from: String,
    },
    /// A backup over a database a server serves or a process holds.
    BackupOverServed {
        target: String,
    },
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        // Another kind of file given as the database is bad input, not damage.
        if let StoreError::NotStockroom(p) = &e {
            if let Some(url) = p.to_str().filter(|s| crate::store::pg::is_url(s)) {
                return Error::Input(InputError::BadPath {
                    path: crate::store::pg::shown(url),
                    problem: PathProblem::NoStockroomInDatabase,
                });
            }
            let problem = match std::fs::metadata(p) {
                Ok(m) if m.is_dir() => PathProblem::IsFolder,
                Ok(m) if !m.is_file() => PathProblem::NotAFile,
                _ => PathProblem::NotStockroom,
            };
            return Error::Input(InputError::BadPath {
                path: p.display().to_string(),
                problem,
            });
        }
        Error::Store(match e {
            // Handled above.
            StoreError::NotStockroom(p) => StoreErrorWire::Missing(p.display().to_string()),
            StoreError::Locked(p) => StoreErrorWire::Locked(p.display().to_string()),
            StoreError::Missing(p) => StoreErrorWire::Missing(p.display().to_string()),
            StoreError::Corrupt(d) => StoreErrorWire::Corrupt(d),
            StoreError::Io(d) => StoreErrorWire::Io(d),
            StoreError::Unconfirmed(d) => StoreErrorWire::Unconfirmed(d),
            StoreError::Unavailable(d) => StoreErrorWire::Unavailable(d),
            StoreError::Schema { found, supported } => StoreErrorWire::Schema { found, supported },
            // Run again until the retries ran out: busy, not damaged.
            StoreError::Conflict(d) => StoreErrorWire::Io(d),
            StoreError::Unreachable(d) => StoreErrorWire::Unreachable(d),
        })
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Self {
        Error::Refused(r)
    }
}

impl From<InputError> for Error {
    fn from(e: InputError) -> Self {
        Error::Input(e)
    }
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Refused(_) | Error::Forbidden { .. } => 1,
            Error::Input(_) => 2,
            // A wrong choice of database, not a failing one.
            Error::Store(
                StoreErrorWire::MigrateSame { .. }
                | StoreErrorWire::MigrateNotEmpty { .. }
                | StoreErrorWire::RestoreOnPostgres { .. }
                | StoreErrorWire::BackupOverServed { .. },
            ) => 2,
            Error::Store(_) => 3,
        }
    }
    /// A bad field; the value is kept cut to 80 characters (messages echo it).
    pub fn field(field: &str, value: &str, problem: impl Into<FieldProblem>) -> Error {
        Error::Input(InputError::Field {
            field: field.to_string(),
            value: crate::domain::limits::cut(value),
            problem: problem.into(),
        })
    }
}

impl std::error::Error for Error {}

impl Error {
    /// A file that may not be used for this.
    pub fn bad_path(path: &std::path::Path, problem: PathProblem) -> Error {
        Error::Input(InputError::BadPath {
            path: path.display().to_string(),
            problem,
        })
    }

    /// A number above its documented limit: exit 2, naming the limit.
    pub fn at_most(field: &str, value: &str, max: impl std::fmt::Display) -> Error {
        Error::field(
            field,
            value,
            FieldProblem::AtMost {
                max: max.to_string(),
            },
        )
    }
}

pub type Result<T> = std::result::Result<T, Error>;
