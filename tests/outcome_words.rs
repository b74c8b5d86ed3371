//! Every outcome a command can have is worded, in English and in Russian: no command
//! ends in silence.

use stockroom::domain::profile::Profile;
use stockroom::domain::purchase::PoStatus;
use stockroom::domain::{ChannelKind, KindName, ReservationStatus, Role};
use stockroom::i18n::{Lang, set_lang};
use stockroom::inventory::channels::{OrdersSummary, RulesView};
use stockroom::inventory::market::MarketOrdersSummary;
use stockroom::inventory::purchasing::{PoLineView, PoView};
use stockroom::inventory::stocktake::{ApplySummary, ShortReservation};
use stockroom::inventory::{ImportSummary, LevelsView, Outcome, ReservationView};
use stockroom::present::outcome_text;

fn reservation(id: u64, location: &str) -> ReservationView {
    ReservationView {
        reservation: id,
        status: ReservationStatus::Open,
        channel: "WB".into(),
        order: "WB-1".into(),
        code: "MUG-01".into(),
        name: "Mug".into(),
        barcodes: Vec::new(),
        location: location.into(),
        qty: 2,
        remaining: 2,
        picked: 0,
        delivery: None,
        destination: None,
        address: None,
        created: "2026-03-04T10:00:00Z".into(),
        created_ms: 0,
        deadline: None,
        deadline_ms: None,
        tracking: None,
        short: 0,
        parts: Vec::new(),
    }
}

fn order(status: PoStatus) -> PoView {
    PoView {
        id: 7,
        reference: "PO-7".into(),
        supplier: "Acme".into(),
        status,
        created: "2026-03-04T10:00:00Z".into(),
        created_by: "owner".into(),
        closed: None,
        expected: "2026-03-18T10:00:00Z".into(),
        late: false,
        lines: vec![PoLineView {
            code: "MUG-01".into(),
            name: "Mug".into(),
            ordered: 5,
            received: 0,
            outstanding: 5,
        }],
        ordered: 5,
        received: 0,
        outstanding: 5,
    }
}

/// The variant's name. A `match` with no catch-all: a new outcome fails to compile here
/// until it has a sample below.
fn name(o: &Outcome) -> &'static str {
    match o {
        Outcome::Moved { .. } => "Moved",
        Outcome::Reserved(_) => "Reserved",
        Outcome::Released(_) => "Released",
        Outcome::Picked(_) => "Picked",
        Outcome::Shipped { .. } => "Shipped",
        Outcome::SkuSaved { .. } => "SkuSaved",
        Outcome::LocationAdded { .. } => "LocationAdded",
        Outcome::ChannelAdded { .. } => "ChannelAdded",
        Outcome::UserSaved { .. } => "UserSaved",
        Outcome::UserRemoved { .. } => "UserRemoved",
        Outcome::Imported(_) => "Imported",
        Outcome::ChannelSaved(_) => "ChannelSaved",
        Outcome::ChannelPriceSet { .. } => "ChannelPriceSet",
        Outcome::PromoAdded(_) => "PromoAdded",
        Outcome::PromoRemoved(_) => "PromoRemoved",
        Outcome::OrdersImported(_) => "OrdersImported",
        Outcome::ListedImported { .. } => "ListedImported",
        Outcome::FeedMarked { .. } => "FeedMarked",
        Outcome::Expired { .. } => "Expired",
        Outcome::Backordered(_) => "Backordered",
        Outcome::CountStarted { .. } => "CountStarted",
        Outcome::Counted { .. } => "Counted",
        Outcome::CountUndone { .. } => "CountUndone",
        Outcome::MarkedForRecount { .. } => "MarkedForRecount",
        Outcome::CountRestarted { .. } => "CountRestarted",
        Outcome::CountImported { .. } => "CountImported",
        Outcome::CountApplied(_) => "CountApplied",
        Outcome::CountCancelled { .. } => "CountCancelled",
        Outcome::PoCreated { .. } => "PoCreated",
        Outcome::PoReceived { .. } => "PoReceived",
        Outcome::PoCancelled(_) => "PoCancelled",
        Outcome::Snoozed { .. } => "Snoozed",
        Outcome::OrdersChanged { .. } => "OrdersChanged",
        Outcome::ReservedSplit(_) => "ReservedSplit",
        Outcome::ChannelProfileSet { .. } => "ChannelProfileSet",
        Outcome::ChannelMapped { .. } => "ChannelMapped",
        Outcome::ChannelListingSet { .. } => "ChannelListingSet",
        Outcome::MarketOrdersImported(_) => "MarketOrdersImported",
        Outcome::SkuArchived { .. } => "SkuArchived",
    }
}

const VARIANTS: usize = 39;

fn samples() -> Vec<Outcome> {
    let summary = OrdersSummary {
        rows: 3,
        reserved: 2,
        backordered: 1,
        ..OrdersSummary::default()
    };
    let short = ShortReservation {
        reservation: 4,
        code: "MUG-01".into(),
        order: "WB-1".into(),
        location: "Main".into(),
        remaining: 2,
        short: 1,
    };
    vec![
        Outcome::Moved {
            seq: 1,
            kind: KindName::Receive,
            sku: "MUG-01".into(),
            qty: 5,
            totals: LevelsView {
                on_hand: 5,
                reserved: 1,
                available: 4,
                defective: 0,
            },
        },
        Outcome::Reserved(reservation(1, "Main")),
        Outcome::Released(reservation(1, "Main")),
        Outcome::Picked(reservation(1, "Main")),
        Outcome::Shipped {
            reservation: reservation(1, "Main"),
            qty: 2,
            seq: 3,
        },
        Outcome::SkuSaved {
            code: "MUG-01".into(),
            created: true,
        },
        Outcome::SkuSaved {
            code: "MUG-01".into(),
            created: false,
        },
        Outcome::LocationAdded {
            name: "Shop".into(),
        },
        Outcome::ChannelAdded { name: "WB".into() },
        Outcome::UserSaved {
            name: "anna".into(),
            role: Role::Packer,
        },
        Outcome::UserRemoved {
            name: "anna".into(),
        },
        Outcome::SkuArchived {
            code: "TEA-001".into(),
            archived: false,
            changed: true,
        },
        Outcome::Imported(ImportSummary {
            rows: 2,
            created: 1,
            updated: 1,
            created_locations: vec!["Shop".into()],
            dry_run: true,
            ..ImportSummary::default()
        }),
        Outcome::Imported(ImportSummary::default()),
        Outcome::ChannelPriceSet {
            code: "MUG-01".into(),
            channel: "WB".into(),
            price: Some("990.00".into()),
            sku_price: None,
        },
        Outcome::PromoAdded(stockroom::inventory::plan::PromoView {
            id: 1,
            channel: "Ozon".into(),
            from: "2026-03-01".into(),
            to: "2026-03-14".into(),
            uplift: "2.00".into(),
            skus: Vec::new(),
            state: "planned".into(),
        }),
        Outcome::PromoRemoved(stockroom::inventory::plan::PromoView {
            id: 2,
            channel: "WB".into(),
            from: "2026-01-01".into(),
            to: "2026-01-07".into(),
            uplift: "1.50".into(),
            skus: vec!["MUG-01".into()],
            state: "past".into(),
        }),
        Outcome::ChannelPriceSet {
            code: "MUG-01".into(),
            channel: "WB".into(),
            price: None,
            sku_price: Some("1200.00".into()),
        },
        Outcome::ChannelSaved(RulesView {
            name: "WB".into(),
            kind: ChannelKind::Marketplace,
            priority: 1,
            paused: false,
            keep_when_low: true,
            share_pct: 100,
            buffer: 0,
            max_listed: None,
            sources: Vec::new(),
            hold_ttl_secs: None,
            commission_pct: "0.00".into(),
            order_fee: "0.00".into(),
            delivery_costs: [("courier".to_string(), "350.00".to_string())].into(),
            last_synced: None,
        }),
        Outcome::OrdersImported(summary.clone()),
        Outcome::ListedImported {
            channel: "WB".into(),
            rows: 2,
        },
        Outcome::FeedMarked {
            channel: "WB".into(),
            rows: 2,
        },
        Outcome::Expired { skus: 1 },
        Outcome::Backordered(reservation(2, "Main")),
        Outcome::CountStarted {
            session: 1,
            location: "Main".into(),
        },
        Outcome::Counted {
            session: 1,
            code: "MUG-01".into(),
            qty: 2,
            counted: 2,
            entry: 1,
        },
        Outcome::CountUndone {
            session: 1,
            code: "MUG-01".into(),
            qty: 2,
        },
        Outcome::MarkedForRecount {
            session: 1,
            code: "MUG-01".into(),
        },
        Outcome::CountRestarted {
            session: 1,
            code: "MUG-01".into(),
            qty: 2,
            set_aside: 1,
            entry: 2,
        },
        Outcome::CountImported {
            session: 1,
            rows: 2,
            units: 4,
        },
        Outcome::CountApplied(ApplySummary {
            session: 1,
            applied: vec![("MUG-01".into(), -1)],
            conflicts: vec!["TEA-01".into()],
            short: vec![short],
            uncounted: vec!["CUP-01".into()],
            ..ApplySummary::default()
        }),
        Outcome::CountApplied(ApplySummary::default()),
        Outcome::CountCancelled { session: 1 },
        Outcome::PoCreated {
            orders: vec![order(PoStatus::Open)],
            skipped: vec!["TEA-01".into()],
        },
        Outcome::PoCreated {
            orders: Vec::new(),
            skipped: Vec::new(),
        },
        Outcome::PoReceived {
            order: order(PoStatus::Received),
            units: 5,
        },
        Outcome::PoCancelled(order(PoStatus::Cancelled)),
        Outcome::Snoozed {
            code: "MUG-01".into(),
            until: Some("2026-03-11".into()),
        },
        Outcome::Snoozed {
            code: "MUG-01".into(),
            until: None,
        },
        Outcome::OrdersChanged {
            summary: summary.clone(),
            changed: 1,
        },
        Outcome::ReservedSplit(vec![reservation(1, "Main"), reservation(2, "Shop")]),
        Outcome::ReservedSplit(Vec::new()),
        Outcome::ChannelProfileSet {
            channel: "Ozon".into(),
            profile: Profile::Ozon,
        },
        Outcome::ChannelMapped {
            channel: "Ozon".into(),
            set: 2,
            removed: 1,
        },
        Outcome::ChannelListingSet {
            channel: "Ozon".into(),
            listed: None,
        },
        Outcome::ChannelListingSet {
            channel: "Ozon".into(),
            listed: Some(3),
        },
        Outcome::MarketOrdersImported(MarketOrdersSummary {
            orders: summary,
            changed: 1,
            returned: 1,
        }),
    ]
}

#[test]
fn every_outcome_is_worded_in_both_languages() {
    let samples = samples();
    let names: std::collections::BTreeSet<&str> = samples.iter().map(name).collect();
    assert_eq!(
        names.len(),
        VARIANTS,
        "a sample for every outcome: {names:?}"
    );
    for lang in [Lang::En, Lang::Ru] {
        set_lang(lang);
        for o in &samples {
            let t = outcome_text(o);
            assert!(!t.trim().is_empty(), "{} has no words in {lang:?}", name(o));
            assert!(
                !t.contains("cli."),
                "{} shows a bare catalog key in {lang:?}: {t}",
                name(o)
            );
        }
    }
    set_lang(Lang::En);
    let moved = outcome_text(&samples[0]);
    set_lang(Lang::Ru);
    assert_ne!(
        moved,
        outcome_text(&samples[0]),
        "Russian differs from English"
    );
    set_lang(Lang::En);
}
