//! A form's fields: what each holds (typed ids), how it is validated as it is typed, and
//! how keys edit it.

use crate::domain::{parse_count, parse_delta, parse_qty};
use crate::i18n::{self, text};
use crate::inventory::FieldProblem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// 1..=1e9
    Qty,
    /// An optional quantity; empty means "all".
    OptQty,
    /// "12" sets, "+3"/"-2" changes.
    SetOrDelta,
    /// 0..=1e9
    Count,
    /// A whole number, or empty for "none".
    OptCount,
    /// A share: 0..=100.
    Percent,
    /// A commission in percent with up to two decimals, 0 to 100 (`12.5`).
    Commission,
    /// An amount of roubles (`30`, `30,50`).
    Roubles,
    Text {
        required: bool,
    },
    Choice(Vec<String>),
}

/// A form's field, by what it holds. Forms are read and prefilled by these, so a
/// misspelt field is a compile error rather than an empty value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    Qty,
    At,
    Reference,
    Channel,
    Order,
    Delivery,
    Dest,
    From,
    To,
    Reason,
    Note,
    Tracking,
    Outcome,
    Priority,
    Share,
    Buffer,
    Max,
    Keep,
    Paused,
    Hold,
    Commission,
    OrderFee,
}

impl FieldId {
    /// The field's name as errors and `domain::limits::text_limit` know it.
    pub fn name(self) -> &'static str {
        match self {
            FieldId::Qty => "qty",
            FieldId::At => "at",
            FieldId::Reference => "ref",
            FieldId::Channel => "channel",
            FieldId::Order => "order",
            FieldId::Delivery => "delivery",
            FieldId::Dest => "dest",
            FieldId::From => "from",
            FieldId::To => "to",
            FieldId::Reason => "reason",
            FieldId::Note => "note",
            FieldId::Tracking => "tracking",
            FieldId::Outcome => "outcome",
            FieldId::Priority => "priority",
            FieldId::Share => "share",
            FieldId::Buffer => "buffer",
            FieldId::Max => "max",
            FieldId::Keep => "keep",
            FieldId::Paused => "paused",
            FieldId::Hold => "hold",
            FieldId::Commission => "commission",
            FieldId::OrderFee => "order_fee",
        }
    }

    /// The longest text the field takes: the engine's limit for it
    /// (`domain::limits::text_limit`, the one source for the CLI, the TUI and imports).
    pub fn text_limit(self) -> usize {
        crate::domain::limits::text_limit(self.name())
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub id: FieldId,
    pub label_key: &'static str,
    pub kind: FieldKind,
    pub value: String,
    pub error: Option<String>,
    /// The whole value is selected (a prefill, or a field just tabbed into): the next
    /// character replaces it, as in a GUI, so a prefilled "1" never becomes "12".
    pub selected: bool,
    /// Edited since the form opened; an empty field's complaint waits until then (or
    /// until Enter), so a form never opens showing an error.
    pub touched: bool,
    /// The most this quantity may be (a return: what the order shipped, less returns).
    pub max: Option<u64>,
}

impl Field {
    pub(crate) fn new(id: FieldId, label_key: &'static str, kind: FieldKind, value: &str) -> Field {
        let mut f = Field {
            id,
            label_key,
            kind,
            value: value.to_string(),
            error: None,
            selected: false,
            touched: false,
            max: None,
        };
        f.select();
        f.validate();
        f
    }

    /// Selects the whole value, if there is one to replace (choices cycle instead).
    pub fn select(&mut self) {
        self.selected = !self.is_choice() && !self.value.is_empty();
    }

    /// Whether the field's complaint is shown now.
    pub fn shows_error(&self, form_tried: bool) -> bool {
        self.error.is_some() && (self.touched || form_tried || !self.value.is_empty())
    }

    /// Checks the value; the message is shown under the field.
    pub fn validate(&mut self) {
        let v = self.value.trim();
        let problem: Option<FieldProblem> = match &self.kind {
            FieldKind::Qty => parse_qty(v).err().map(Into::into),
            FieldKind::OptQty | FieldKind::OptCount if v.is_empty() => None,
            FieldKind::Count | FieldKind::OptCount | FieldKind::Percent => {
                parse_count(v).err().map(Into::into)
            }
            FieldKind::OptQty => parse_qty(v).err().map(Into::into),
            FieldKind::Commission => crate::inventory::money::parse_commission(v).err(),
            FieldKind::Roubles => crate::inventory::money::parse_fee(v).err(),
            FieldKind::SetOrDelta => {
                if v.starts_with(['+', '-']) {
                    parse_delta(v).err().map(Into::into)
                } else {
                    parse_count(v).err().map(Into::into)
                }
            }
            FieldKind::Text { required: true } if v.is_empty() => Some(FieldProblem::Empty),
            FieldKind::Text { .. } if v.chars().any(char::is_control) => {
                Some(FieldProblem::ControlChars)
            }
            FieldKind::Text { .. } if v.chars().count() > self.id.text_limit() => {
                Some(FieldProblem::TooLong {
                    max: self.id.text_limit(),
                })
            }
            FieldKind::Text { .. } => None,
            FieldKind::Choice(opts) if opts.is_empty() => Some(FieldProblem::Empty),
            FieldKind::Choice(_) => None,
        };
        self.error = problem.map(|p| i18n::field_problem(&p));
        if self.error.is_none()
            && self.kind == FieldKind::Percent
            && v.parse::<u64>()
                .is_ok_and(|p| p > crate::domain::limits::MAX_SHARE)
        {
            self.error = Some(text("tui.percent_range").to_string());
        }
        if self.error.is_none()
            && let (Some(max), Ok(q)) = (self.max, v.parse::<u64>())
            && q > max
        {
            self.error = Some(i18n::fill("tui.at_most", &[&i18n::number(max)]));
        }
    }

    pub fn is_choice(&self) -> bool {
        matches!(self.kind, FieldKind::Choice(_))
    }

    /// Moves a choice field to the next (or previous) option.
    pub fn cycle(&mut self, forward: bool) {
        if let FieldKind::Choice(opts) = &self.kind {
            if opts.is_empty() {
                return;
            }
            let i = opts.iter().position(|o| *o == self.value).unwrap_or(0);
            let n = opts.len();
            let j = if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            self.value = opts[j].clone();
        }
    }

    pub fn type_char(&mut self, c: char) {
        if let FieldKind::Choice(opts) = &self.kind {
            // Typing jumps to the next option that starts with the letter.
            let lc = c.to_lowercase().to_string();
            let start = opts
                .iter()
                .position(|o| *o == self.value)
                .map(|i| i + 1)
                .unwrap_or(0);
            let n = opts.len();
            for k in 0..n {
                let o = &opts[(start + k) % n];
                if o.to_lowercase().starts_with(&lc) {
                    self.value = o.clone();
                    break;
                }
            }
            return;
        }
        if std::mem::take(&mut self.selected) {
            self.value.clear();
        }
        self.touched = true;
        self.value.push(c);
        self.validate();
    }

    /// Deletes the last character, or the whole value while it is selected.
    pub fn backspace(&mut self) {
        if !self.is_choice() {
            if std::mem::take(&mut self.selected) {
                self.value.clear();
            } else {
                self.value.pop();
            }
            self.touched = true;
            self.validate();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Field, FieldId, FieldKind};

    /// A form takes as long a text as the engine does for that field: a 300-character
    /// reference (the engine allows 500) is no error; an order number of 101 is.
    #[test]
    fn text_fields_take_the_engines_limits() {
        let mut reference = Field::new(
            FieldId::Reference,
            "field.reference",
            FieldKind::Text { required: false },
            &"р".repeat(300),
        );
        reference.validate();
        assert_eq!(reference.error, None);
        reference.value = "р".repeat(501);
        reference.validate();
        assert!(reference.error.is_some(), "over 500 is refused");
        let mut order = Field::new(
            FieldId::Order,
            "field.order",
            FieldKind::Text { required: false },
            &"7".repeat(101),
        );
        order.validate();
        assert!(order.error.is_some(), "an order number over 100 is refused");
    }
}
