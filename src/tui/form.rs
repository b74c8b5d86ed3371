//! Small forms for stock actions: validated as you type, nothing written until Enter
//! on a valid form, Esc leaves. Destructive forms ask to confirm.

pub use super::field::{Field, FieldId, FieldKind};
use crate::domain::{
    AdjustTo, Choice, DefectReason, Delivery, DeliveryMethod, Destination, parse_count,
    parse_delta, parse_qty,
};
use crate::i18n::text;
use crate::inventory::{Command, Error, ReservationView};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Receive,
    Reserve,
    Sell,
    Transfer,
    Defect,
    Writeoff,
    Adjust,
    Ship,
    Release,
    Return,
    Rules,
    /// A reservation's way out when it is short: to another location, or a backorder.
    MoveReservation,
}

impl FormKind {
    pub fn title_key(self) -> &'static str {
        match self {
            FormKind::Receive => "form.receive",
            FormKind::Reserve => "form.reserve",
            FormKind::Sell => "form.sell",
            FormKind::Transfer => "form.transfer",
            FormKind::Defect => "form.defect",
            FormKind::Writeoff => "form.writeoff",
            FormKind::Adjust => "form.adjust",
            FormKind::Ship => "form.ship",
            FormKind::Release => "form.release",
            FormKind::Return => "form.return",
            FormKind::Rules => "form.rules",
            FormKind::MoveReservation => "form.fix_short",
        }
    }
    /// Forms that destroy stock or change it by hand ask "sure?" first.
    pub fn destructive(self) -> bool {
        matches!(
            self,
            FormKind::Writeoff | FormKind::Adjust | FormKind::Release | FormKind::MoveReservation
        )
    }
}

/// What a form acts on.
#[derive(Debug, Clone)]
pub enum Subject {
    Sku { code: String, name: String },
    Reservation(Box<ReservationView>),
    Channel(Box<crate::inventory::channels::RulesView>),
}

#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    pub subject: Subject,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Enter was pressed once on a destructive form.
    pub confirming: bool,
    /// Enter was pressed once on an unusual quantity (far beyond the usual, or more
    /// than was picked): the question shown, the next Enter goes ahead.
    pub asking: Option<String>,
    /// Enter was pressed on this form at least once: every field's complaint shows.
    pub tried: bool,
    /// The engine refused it; shown in the form, which stays open.
    pub error: Option<String>,
    /// The most units one movement of this SKU has moved so far (none without a history):
    /// ten times more than that is asked about.
    pub largest: Option<u64>,
    /// On hand at each location when the form opened: an adjust says what it will
    /// make of it.
    pub on_hand: Vec<(String, u64)>,
}

/// The names the pickers offer.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    pub locations: Vec<String>,
    pub channels: Vec<String>,
    /// The first retail channel (the shop's till), which a sale at the till defaults to.
    pub retail: Option<String>,
}

fn defect_reasons() -> Vec<String> {
    DefectReason::words()
}

impl Form {
    /// The rules editor, filled with the channel's current rules.
    pub fn rules(c: crate::inventory::channels::RulesView) -> Form {
        use FieldKind as K;
        let yes_no = || K::Choice(vec!["yes".into(), "no".into()]);
        let yn = |b: bool| if b { "yes" } else { "no" };
        let fields = vec![
            Field::new(
                FieldId::Priority,
                "field.priority",
                K::Qty,
                &c.priority.to_string(),
            ),
            Field::new(
                FieldId::Share,
                "field.share",
                K::Percent,
                &c.share_pct.to_string(),
            ),
            Field::new(
                FieldId::Buffer,
                "field.buffer",
                K::Count,
                &c.buffer.to_string(),
            ),
            Field::new(
                FieldId::Max,
                "field.max",
                K::OptCount,
                &c.max_listed.map(|m| m.to_string()).unwrap_or_default(),
            ),
            Field::new(
                FieldId::Keep,
                "field.keep_when_low",
                yes_no(),
                yn(c.keep_when_low),
            ),
            Field::new(FieldId::Paused, "field.paused", yes_no(), yn(c.paused)),
            Field::new(
                FieldId::Hold,
                "field.hold_hours",
                K::OptCount,
                &c.hold_ttl_secs
                    // Rounded up, so a 30-minute hold is not shown (and saved back) as 0.
                    .map(|s| s.div_ceil(3600).to_string())
                    .unwrap_or_default(),
            ),
            Field::new(
                FieldId::Commission,
                "field.commission",
                K::Commission,
                &c.commission_pct,
            ),
            Field::new(
                FieldId::OrderFee,
                "field.order_fee",
                K::Roubles,
                &c.order_fee,
            ),
        ];
        Form {
            kind: FormKind::Rules,
            subject: Subject::Channel(Box::new(c)),
            fields,
            focus: 0,
            confirming: false,
            asking: None,
            tried: false,
            error: None,
            largest: None,
            on_hand: Vec::new(),
        }
    }

    pub fn new(kind: FormKind, subject: Subject, c: &Choices) -> Form {
        let fields = match kind {
            FormKind::Ship
            | FormKind::Rules
            | FormKind::MoveReservation
            | FormKind::Release
            | FormKind::Return => order_fields(kind, &subject, c),
            _ => stock_fields(kind, c),
        };
        Form {
            kind,
            subject,
            fields,
            focus: 0,
            confirming: false,
            asking: None,
            tried: false,
            error: None,
            largest: None,
            on_hand: Vec::new(),
        }
    }

    /// The field's value, trimmed; "" when this form has no such field.
    pub fn value(&self, id: FieldId) -> &str {
        self.fields
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.value.trim())
            .unwrap_or("")
    }

    /// Caps a quantity field.
    pub fn cap(&mut self, id: FieldId, max: u64) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == id) {
            f.max = Some(max);
            f.validate();
        }
    }

    /// Prefills a field; the value is selected, so typing replaces it.
    pub fn set(&mut self, id: FieldId, v: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == id) {
            f.value = v.to_string();
            f.select();
            f.validate();
        }
    }

    pub fn valid(&self) -> bool {
        self.fields.iter().all(|f| f.error.is_none())
    }

    pub fn focused(&mut self) -> &mut Field {
        let i = self.focus.min(self.fields.len().saturating_sub(1));
        &mut self.fields[i]
    }

    /// Moves the focus; the field tabbed into has its value selected.
    pub fn next(&mut self, forward: bool) {
        let n = self.fields.len().max(1);
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.selected = false;
        }
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.select();
        }
    }

    /// The quantity this form moves, when it names one (empty on ship: the whole rest).
    pub fn quantity(&self) -> Option<u64> {
        let v = self.value(FieldId::Qty);
        match self.kind {
            FormKind::Adjust => {
                let d = v.trim_start_matches(['+', '-']);
                parse_count(d).ok()
            }
            FormKind::Ship if v.is_empty() => match &self.subject {
                Subject::Reservation(r) => Some(r.remaining),
                _ => None,
            },
            FormKind::Rules | FormKind::Release | FormKind::MoveReservation => None,
            _ => parse_qty(v).ok(),
        }
    }

    fn opt(&self, id: FieldId) -> Option<String> {
        Some(self.value(id).to_string()).filter(|s| !s.is_empty())
    }

    /// The SKU the form moves (none on the rules form).
    pub fn sku_code(&self) -> Option<&str> {
        match &self.subject {
            Subject::Sku { code, .. } => Some(code),
            Subject::Reservation(r) => Some(&r.code),
            Subject::Channel(_) => None,
        }
    }

    fn code(&self) -> String {
        match &self.subject {
            Subject::Sku { code, .. } => code.clone(),
            Subject::Reservation(r) => r.code.clone(),
            Subject::Channel(c) => c.name.clone(),
        }
    }

    /// The command this form stands for; only called on a valid form.
    pub fn command(&self) -> Result<Command, Error> {
        let q = || {
            parse_qty(self.value(FieldId::Qty))
                .map_err(|e| Error::field("quantity", self.value(FieldId::Qty), e))
        };
        let sku = self.code();
        let res_id = match &self.subject {
            Subject::Reservation(r) => r.reservation,
            _ => 0,
        };
        Ok(match self.kind {
            FormKind::Receive => Command::Receive {
                sku,
                qty: q()?,
                at: self.opt(FieldId::At),
                reference: self.opt(FieldId::Reference),
            },
            FormKind::Reserve => Command::Reserve {
                sku,
                qty: q()?,
                channel: self.value(FieldId::Channel).to_string(),
                order: self.opt(FieldId::Order),
                at: None,
                delivery: Delivery {
                    method: DeliveryMethod::parse(self.value(FieldId::Delivery)),
                    destination: Destination::parse(self.value(FieldId::Dest)),
                    address: None,
                },
            },
            FormKind::Sell => Command::Sell {
                sku,
                qty: q()?,
                channel: self.value(FieldId::Channel).to_string(),
                at: self.opt(FieldId::At),
            },
            FormKind::Transfer => Command::Transfer {
                sku,
                qty: q()?,
                from: self.value(FieldId::From).to_string(),
                to: self.value(FieldId::To).to_string(),
            },
            FormKind::Defect => Command::Defect {
                sku,
                qty: q()?,
                reason: DefectReason::parse(self.value(FieldId::Reason))
                    .unwrap_or(DefectReason::Other),
                at: self.opt(FieldId::At),
                note: self.opt(FieldId::Note),
            },
            FormKind::Writeoff => Command::Writeoff {
                sku,
                qty: q()?,
                reason: self.value(FieldId::Reason).to_string(),
                defective: false,
                at: self.opt(FieldId::At),
            },
            FormKind::Adjust => {
                let v = self.value(FieldId::Qty);
                let how = if v.starts_with(['+', '-']) {
                    AdjustTo::By(parse_delta(v).map_err(|e| Error::field("quantity", v, e))?)
                } else {
                    AdjustTo::Set(parse_count(v).map_err(|e| Error::field("quantity", v, e))?)
                };
                Command::Adjust {
                    sku,
                    how,
                    reason: self.value(FieldId::Reason).to_string(),
                    at: self.opt(FieldId::At),
                    reference: None,
                }
            }
            FormKind::Ship => Command::Ship {
                id: res_id,
                qty: match self.opt(FieldId::Qty) {
                    Some(_) => Some(q()?),
                    None => None,
                },
                tracking: self.opt(FieldId::Tracking),
            },
            FormKind::Rules => {
                let n = |f: FieldId| {
                    parse_count(self.value(f)).map_err(|e| Error::field(f.name(), self.value(f), e))
                };
                let opt = |f: FieldId| -> Result<Option<u64>, Error> {
                    if self.value(f).is_empty() {
                        Ok(None)
                    } else {
                        n(f).map(Some)
                    }
                };
                Command::ChannelRules {
                    channel: sku,
                    rules: crate::inventory::channels::RulesSpec {
                        priority: Some(n(FieldId::Priority)?.min(u32::MAX as u64) as u32),
                        share_pct: Some(n(FieldId::Share)?.min(u32::MAX as u64) as u32),
                        buffer: Some(n(FieldId::Buffer)?),
                        max_listed: Some(opt(FieldId::Max)?),
                        keep_when_low: Some(self.value(FieldId::Keep) == "yes"),
                        paused: Some(self.value(FieldId::Paused) == "yes"),
                        // 0 hours means no hold deadline, as an empty field does.
                        hold_ttl_secs: Some(
                            opt(FieldId::Hold)?
                                .filter(|h| *h > 0)
                                .map(|h| h.saturating_mul(3600)),
                        ),
                        sources: None,
                        commission_bp: Some(
                            crate::inventory::money::parse_commission(
                                self.value(FieldId::Commission),
                            )
                            .map_err(|p| {
                                Error::field("commission", self.value(FieldId::Commission), p)
                            })?,
                        ),
                        order_fee: Some(
                            crate::inventory::money::parse_fee(self.value(FieldId::OrderFee))
                                .map_err(|p| {
                                    Error::field("order_fee", self.value(FieldId::OrderFee), p)
                                })?,
                        ),
                        delivery_costs: Vec::new(),
                    },
                }
            }
            FormKind::MoveReservation if self.value(FieldId::To) == text("choice.backorder") => {
                Command::ReservationBackorder { id: res_id }
            }
            FormKind::MoveReservation => Command::ReservationMove {
                id: res_id,
                to: self.value(FieldId::To).to_string(),
            },
            FormKind::Release => Command::Release {
                id: res_id,
                reason: self.opt(FieldId::Reason),
            },
            FormKind::Return => Command::Return {
                sku,
                qty: q()?,
                channel: self.value(FieldId::Channel).to_string(),
                defect: DefectReason::parse(self.value(FieldId::Outcome)),
                at: None,
                order: self.opt(FieldId::Order),
                note: None,
            },
        })
    }

    pub fn title(&self) -> String {
        let what = match &self.subject {
            Subject::Sku { code, name } => format!("{code} {name}"),
            Subject::Reservation(r) => format!("#{} {} {}", r.reservation, r.code, r.order),
            Subject::Channel(c) => c.name.clone(),
        };
        format!("{}: {what}", text(self.kind.title_key()))
    }
}

fn first(v: &[String]) -> String {
    v.first().cloned().unwrap_or_default()
}

/// The fields of the forms that move stock of a SKU: receive, reserve, sell, transfer,
/// defect, write off, adjust.
fn stock_fields(kind: FormKind, c: &Choices) -> Vec<Field> {
    use FieldKind as K;
    let loc = |c: &Choices| K::Choice(c.locations.clone());
    match kind {
        FormKind::Receive => vec![
            Field::new(FieldId::Qty, "field.qty", K::Qty, ""),
            Field::new(FieldId::At, "field.location", loc(c), &first(&c.locations)),
            Field::new(
                FieldId::Reference,
                "field.reference",
                K::Text { required: false },
                "",
            ),
        ],
        FormKind::Reserve => vec![
            Field::new(FieldId::Qty, "field.qty", K::Qty, ""),
            Field::new(
                FieldId::Channel,
                "field.channel",
                K::Choice(c.channels.clone()),
                &first(&c.channels),
            ),
            Field::new(
                FieldId::Order,
                "field.order",
                K::Text { required: false },
                "",
            ),
            Field::new(
                FieldId::Delivery,
                "field.delivery",
                K::Choice(DeliveryMethod::words()),
                "cdek",
            ),
            Field::new(
                FieldId::Dest,
                "field.dest",
                K::Choice(Destination::words()),
                "door",
            ),
        ],
        FormKind::Sell => vec![
            Field::new(FieldId::Qty, "field.qty", K::Qty, "1"),
            Field::new(
                FieldId::Channel,
                "field.channel",
                K::Choice(c.channels.clone()),
                &c.retail.clone().unwrap_or_else(|| first(&c.channels)),
            ),
            Field::new(FieldId::At, "field.location", loc(c), &first(&c.locations)),
        ],
        FormKind::Transfer => vec![
            Field::new(FieldId::Qty, "field.qty", K::Qty, ""),
            Field::new(FieldId::From, "field.from", loc(c), &first(&c.locations)),
            Field::new(
                FieldId::To,
                "field.to",
                loc(c),
                &c.locations
                    .get(1)
                    .cloned()
                    .unwrap_or_else(|| first(&c.locations)),
            ),
        ],
        FormKind::Defect => vec![
            Field::new(FieldId::Qty, "field.qty", K::Qty, "1"),
            Field::new(
                FieldId::Reason,
                "field.reason",
                K::Choice(defect_reasons()),
                "packaging",
            ),
            Field::new(FieldId::At, "field.location", loc(c), &first(&c.locations)),
            Field::new(FieldId::Note, "field.note", K::Text { required: false }, ""),
        ],
        FormKind::Writeoff => vec![
            Field::new(FieldId::Qty, "field.qty", K::Qty, ""),
            Field::new(
                FieldId::Reason,
                "field.reason",
                K::Text { required: true },
                "",
            ),
            Field::new(FieldId::At, "field.location", loc(c), &first(&c.locations)),
        ],
        FormKind::Adjust => vec![
            Field::new(FieldId::Qty, "field.set_or_by", K::SetOrDelta, ""),
            Field::new(
                FieldId::Reason,
                "field.reason",
                K::Text { required: true },
                "",
            ),
            Field::new(FieldId::At, "field.location", loc(c), &first(&c.locations)),
        ],
        _ => Vec::new(),
    }
}

/// The fields of the forms that follow an order: ship, move, release, return (and the
/// rules form, filled by [`Form::rules`]).
fn order_fields(kind: FormKind, subject: &Subject, c: &Choices) -> Vec<Field> {
    use FieldKind as K;
    match kind {
        FormKind::Ship => vec![
            Field::new(FieldId::Qty, "field.qty_all", K::OptQty, ""),
            Field::new(
                FieldId::Tracking,
                "field.tracking",
                K::Text { required: false },
                "",
            ),
        ],
        FormKind::Rules => Vec::new(),
        FormKind::MoveReservation => {
            // Every other location, then "backorder"; a short reservation's own
            // location is no way out.
            let here = match subject {
                Subject::Reservation(r) => r.location.clone(),
                _ => String::new(),
            };
            let mut to: Vec<String> = c
                .locations
                .iter()
                .filter(|l| **l != here)
                .cloned()
                .collect();
            to.push(text("choice.backorder").to_string());
            let first = first(&to);
            vec![Field::new(
                FieldId::To,
                "field.move_to",
                K::Choice(to),
                &first,
            )]
        }
        FormKind::Release => vec![Field::new(
            FieldId::Reason,
            "field.reason",
            K::Text { required: false },
            "",
        )],
        FormKind::Return => vec![
            Field::new(FieldId::Qty, "field.qty", K::Qty, "1"),
            Field::new(
                FieldId::Channel,
                "field.channel",
                K::Choice(c.channels.clone()),
                &first(&c.channels),
            ),
            Field::new(
                FieldId::Outcome,
                "field.return_to",
                K::Choice(
                    std::iter::once("restock".to_string())
                        .chain(defect_reasons())
                        .collect(),
                ),
                "restock",
            ),
            Field::new(
                FieldId::Order,
                "field.order",
                K::Text { required: false },
                "",
            ),
        ],
        _ => Vec::new(),
    }
}
