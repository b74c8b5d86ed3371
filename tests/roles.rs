//! The role rules, through the engine: for each role (owner, packer, counter, viewer, and
//! a stranger who is no user at all), every kind of Command is tried as that user. A role
//! that may not run a command gets `Forbidden` and the database does not change; a role
//! that may gets past the role check (it may still be refused by the stock rules).
//!
//! `expected_role` is the table of design/cli.md written out again, with no wildcard: a new
//! Command variant does not compile here until someone decides who may run it.

use std::path::Path;
use std::sync::Arc;

use stockroom::domain::{AdjustTo, ChannelKind, DefectReason, Delivery, Role};
use stockroom::inventory::{
    Command, Error, Inventory, LocalInventory, Query, SkuSpec, role_allows,
};
use stockroom::store::{Reader, Store};

const NOW: i64 = 1_795_176_000_000;

fn expected_role(c: &Command) -> Role {
    use Command::*;
    match c {
        Receive { .. } | Reserve { .. } | Release { .. } | Pick { .. } | Ship { .. } => {
            Role::Packer
        }
        Sell { .. } | Return { order: Some(_), .. } | Defect { .. } | Transfer { .. } => {
            Role::Packer
        }
        // A walk-in return names no order: the owner's word alone.
        Return { order: None, .. } => Role::Owner,
        PoReceive { .. } | ImportOrders { .. } | Expire | Order { .. } => Role::Packer,
        // A marketplace's order export is an order import in its own words.
        ImportMarketOrders { .. } => Role::Packer,
        ChannelProfile { .. } | ChannelMap { .. } | ChannelListing { .. } => Role::Owner,
        // A short reservation's way out is the packer's, as releasing it is.
        ReservationMove { .. } | ReservationBackorder { .. } => Role::Packer,
        CountAdd { .. } | CountUndo { .. } | CountImport { .. } => Role::Counter,
        ChannelRules { .. } | ImportListed { .. } | MarkFeed { .. } | MarkSynced { .. } => {
            Role::Owner
        }
        // Prices are the owner's, as the SKU's own price is.
        SetChannelPrice { .. } => Role::Owner,
        // Planning is the owner's, as thresholds set by hand are.
        PromoAdd(_) | PromoRemove { .. } => Role::Owner,
        ShipWithDelivery { .. } => Role::Packer,
        CountStart { .. }
        | CountApply { .. }
        | CountCancel { .. }
        | CountRecount { .. }
        | CountResolve { .. } => Role::Owner,
        PoCreate { .. } | PoCancel { .. } | Snooze { .. } => Role::Owner,
        AddSku(_) | EditSku(_) | ArchiveSku { .. } | AddLocation { .. } | AddChannel { .. } => {
            Role::Owner
        }
        // Bringing a SKU back is undoing the owner's archive.
        UnarchiveSku { .. } => Role::Owner,
        Writeoff { .. } | Adjust { .. } | AddUser { .. } | RemoveUser { .. } => Role::Owner,
        ImportSkus { .. } | ImportStock { .. } => Role::Owner,
        // Boxing kits ahead is packing work.
        KitAssemble { .. } => Role::Packer,
        // A new code or a barcode taken off is an edit; passing a shortage is the owner's call.
        RenameSku { .. } | Force { .. } => Role::Owner,
        // Making a kit is a catalog edit; a kit's return is a return.
        SetKit { .. } => Role::Owner,
        ReturnKit { order: Some(_), .. } => Role::Packer,
        ReturnKit { order: None, .. } => Role::Owner,
    }
}

/// One command of every kind, aimed at the fixture's SKU, reservation, session and order.
fn every_command() -> Vec<Command> {
    let sku = || "R-1".to_string();
    let web = || "Web".to_string();
    vec![
        Command::AddSku(SkuSpec {
            code: "R-NEW".into(),
            name: Some("Новый".into()),
            ..SkuSpec::default()
        }),
        Command::EditSku(SkuSpec {
            code: sku(),
            name: Some("Переименован".into()),
            ..SkuSpec::default()
        }),
        Command::ArchiveSku {
            sku: "R-ARCH".into(),
        },
        Command::UnarchiveSku {
            sku: "R-ARCH".into(),
        },
        Command::RenameSku {
            spec: SkuSpec {
                code: sku(),
                ..SkuSpec::default()
            },
            code: Some("R-RENAMED".into()),
            remove_barcodes: Vec::new(),
        },
        Command::Force {
            cmd: Box::new(Command::Sell {
                sku: sku(),
                qty: 1,
                channel: web(),
                at: None,
            }),
            reason: "по телефону".into(),
        },
        Command::AddLocation {
            name: "Shop".into(),
            default: false,
        },
        Command::AddChannel {
            name: "Ozon".into(),
            kind: ChannelKind::Marketplace,
            priority: 2,
        },
        Command::Receive {
            sku: sku(),
            qty: 5,
            at: None,
            reference: None,
        },
        Command::Reserve {
            sku: sku(),
            qty: 1,
            channel: web(),
            order: Some("O-9".into()),
            at: None,
            delivery: Delivery::default(),
        },
        Command::Pick {
            id: 1,
            barcode: "4600000000001".into(),
        },
        Command::Ship {
            id: 1,
            qty: Some(1),
            tracking: None,
        },
        Command::Release {
            id: 2,
            reason: None,
        },
        Command::ReservationMove {
            id: 1,
            to: "Main warehouse".into(),
        },
        Command::ReservationBackorder { id: 1 },
        Command::Sell {
            sku: sku(),
            qty: 1,
            channel: web(),
            at: None,
        },
        Command::Return {
            sku: sku(),
            qty: 1,
            channel: web(),
            defect: None,
            at: None,
            order: None,
            note: None,
        },
        Command::Return {
            sku: sku(),
            qty: 1,
            channel: web(),
            defect: None,
            at: None,
            order: Some("W-1".into()),
            note: None,
        },
        Command::Defect {
            sku: sku(),
            qty: 1,
            reason: DefectReason::Packaging,
            at: None,
            note: None,
        },
        Command::Writeoff {
            sku: sku(),
            qty: 1,
            reason: "lost".into(),
            defective: false,
            at: None,
        },
        Command::Transfer {
            sku: sku(),
            qty: 1,
            from: "Main warehouse".into(),
            to: "Back room".into(),
        },
        Command::Adjust {
            sku: sku(),
            how: AdjustTo::By(1),
            reason: "found".into(),
            at: None,
            reference: None,
        },
        Command::ChannelRules {
            channel: web(),
            rules: Default::default(),
        },
        Command::ShipWithDelivery {
            id: 1,
            qty: Some(1),
            tracking: None,
            delivery: 25_000,
        },
        Command::SetChannelPrice {
            sku: sku(),
            channel: web(),
            price: Some(99_000),
        },
        Command::PromoAdd(stockroom::inventory::plan::PromoSpec {
            channel: web(),
            from_day: 20_500,
            to_day: 20_510,
            uplift_pct: 200,
            skus: vec![sku()],
        }),
        Command::PromoRemove { id: 1 },
        Command::ImportOrders {
            channel: web(),
            file: "orders.csv".into(),
            rows: Vec::new(),
        },
        Command::ImportListed {
            channel: web(),
            file: "listed.csv".into(),
            rows: Vec::new(),
        },
        Command::MarkFeed {
            channel: web(),
            rows: Vec::new(),
        },
        Command::MarkSynced {
            channel: web(),
            rows: Vec::new(),
        },
        Command::Expire,
        Command::Order {
            sku: sku(),
            qty: 1,
            channel: web(),
            order: Some("O-10".into()),
            delivery: Delivery::default(),
        },
        Command::CountStart {
            at: Some("Back room".into()),
            filter: None,
            blind: false,
        },
        Command::CountAdd {
            session: 1,
            sku: sku(),
            qty: 3,
        },
        Command::CountUndo { session: 1 },
        Command::CountRecount {
            session: 1,
            sku: sku(),
        },
        Command::CountImport {
            session: 1,
            file: "handheld.csv".into(),
            rows: Vec::new(),
        },
        Command::CountApply {
            session: 1,
            only: vec![sku()],
            zero_uncounted: false,
        },
        Command::CountCancel { session: 1 },
        Command::CountResolve {
            session: 1,
            sku: sku(),
            choice: stockroom::inventory::stocktake::Resolution::CountStands,
        },
        Command::PoCreate {
            supplier: Some("Чайный дом".into()),
            lines: vec![(sku(), 10)],
            from_alerts: false,
            only: Vec::new(),
            window: 30,
            expected: None,
        },
        Command::PoReceive {
            id: 1,
            lines: Vec::new(),
            at: None,
        },
        Command::PoCancel { id: 1 },
        Command::Snooze {
            sku: sku(),
            days: 3,
        },
        Command::AddUser {
            name: "newbie".into(),
            role: Role::Viewer,
        },
        Command::RemoveUser {
            name: "nobody".into(),
        },
        Command::ImportSkus {
            file: "skus.csv".into(),
            rows: Vec::new(),
            stock: Vec::new(),
            kits: Vec::new(),
            dry_run: false,
        },
        Command::KitAssemble {
            sku: sku(),
            kits: 1,
            at: None,
            apart: false,
        },
        Command::KitAssemble {
            sku: sku(),
            kits: 1,
            at: None,
            apart: true,
        },
        Command::ImportStock {
            file: "stock.csv".into(),
            rows: Vec::new(),
            dry_run: false,
        },
        Command::ChannelProfile {
            channel: web(),
            profile: stockroom::domain::profile::Profile::Latorga,
        },
        Command::ChannelMap {
            channel: web(),
            file: "--item".into(),
            rows: Vec::new(),
        },
        Command::ChannelListing {
            channel: web(),
            file: "--all".into(),
            change: stockroom::inventory::market::ListingChange::All,
        },
        Command::ImportMarketOrders {
            channel: web(),
            file: "postings.csv".into(),
            rows: Vec::new(),
        },
        Command::SetKit {
            sku: sku(),
            edit: None,
            new: false,
            components: Vec::new(),
        },
        Command::ReturnKit {
            sku: sku(),
            qty: 1,
            channel: web(),
            at: None,
            order: Some("W-1".into()),
            note: None,
            defective: Vec::new(),
        },
    ]
}

/// A database owned by "boss" with one user of each other role, a SKU with stock, two
/// reservations, an open count session and an open purchase order.
fn fixture(path: &Path) {
    let (inv, _) = LocalInventory::open_or_init(path, "boss").unwrap();
    let inv = inv.with_clock(Arc::new(|| NOW));
    let ok = |c: Command| {
        inv.execute(c.clone())
            .unwrap_or_else(|e| panic!("{c:?}: {e}"));
    };
    for (name, role) in [
        ("pat", Role::Packer),
        ("cora", Role::Counter),
        ("vic", Role::Viewer),
    ] {
        ok(Command::AddUser {
            name: name.into(),
            role,
        });
    }
    for code in ["R-1", "R-ARCH"] {
        ok(Command::AddSku(SkuSpec {
            code: code.into(),
            name: Some(format!("Товар {code}")),
            barcodes: vec![if code == "R-1" {
                "4600000000001".into()
            } else {
                "4600000000002".into()
            }],
            supplier: Some("Чайный дом".into()),
            ..SkuSpec::default()
        }));
    }
    ok(Command::AddLocation {
        name: "Back room".into(),
        default: false,
    });
    ok(Command::AddChannel {
        name: "Web".into(),
        kind: ChannelKind::Website,
        priority: 1,
    });
    let mut rest = every_command();
    rest.retain(|c| matches!(c, Command::Receive { .. }));
    ok(rest.remove(0));
    for order in ["O-1", "O-2"] {
        ok(Command::Reserve {
            sku: "R-1".into(),
            qty: 1,
            channel: "Web".into(),
            order: Some(order.into()),
            at: None,
            delivery: Delivery::default(),
        });
    }
    ok(Command::CountStart {
        at: None,
        filter: None,
        blind: false,
    });
    ok(Command::PoCreate {
        supplier: Some("Чайный дом".into()),
        lines: vec![("R-1".into(), 4)],
        from_alerts: false,
        only: Vec::new(),
        window: 30,
        expected: None,
    });
}

/// Everything a refused command must leave as it was, read below the role checks.
fn digest(inv: &LocalInventory) -> String {
    let r = inv.store().begin_read().unwrap();
    format!(
        "{}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        r.ledger_len().unwrap(),
        r.last_seq().unwrap(),
        r.skus().unwrap(),
        r.all_levels().unwrap(),
        r.users().unwrap(),
        r.reservations().unwrap(),
        r.count_sessions().unwrap(),
        r.purchase_orders().unwrap(),
    )
}

/// Runs every command as `actor` (whose role is `role`) and checks the role rules.
fn check_role(actor: &str, role: Option<Role>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roles.redb");
    fixture(&path);
    let store = Store::open(&path).unwrap();
    let inv = LocalInventory::new(store, actor).with_clock(Arc::new(|| NOW));
    let mut allowed = 0;
    let mut forbidden = 0;
    for cmd in every_command() {
        let needs = expected_role(&cmd);
        assert_eq!(cmd.required_role(), needs, "{}", cmd.name());
        let may = role.is_some_and(|r| role_allows(r, needs));
        let before = digest(&inv);
        match inv.execute(cmd.clone()) {
            Err(Error::Forbidden {
                actor: a,
                role: r,
                needs: n,
                ..
            }) => {
                assert!(!may, "{:?} may run {} but was refused", role, cmd.name());
                assert_eq!((a.as_str(), r, n), (actor, role, needs), "{}", cmd.name());
                assert!(
                    digest(&inv) == before,
                    "{}: refused, yet changed",
                    cmd.name()
                );
                forbidden += 1;
            }
            other => {
                assert!(may, "{:?} ran {}: {other:?}", role, cmd.name());
                allowed += 1;
            }
        }
    }
    assert_eq!(allowed + forbidden, every_command().len());
    // Reads: any user may; a stranger may only ask who they are. Backups: owners only.
    let read = inv.query(Query::Stats);
    assert_eq!(read.is_ok(), role.is_some(), "{role:?} reading: {read:?}");
    assert!(inv.query(Query::WhoAmI).is_ok());
    let to = dir.path().join("copy.redb");
    let backup = inv.query(Query::Backup {
        path: to.display().to_string(),
        overwrite: false,
    });
    match role {
        Some(Role::Owner) => assert!(backup.is_ok(), "{backup:?}"),
        _ => {
            assert!(matches!(backup, Err(Error::Forbidden { .. })), "{backup:?}");
            assert!(!to.exists());
        }
    }
    eprintln!("{actor} ({role:?}): {allowed} allowed, {forbidden} forbidden");
}

#[test]
fn owner_may_run_every_command() {
    check_role("boss", Some(Role::Owner));
}

#[test]
fn packer_runs_stock_movements_only() {
    check_role("pat", Some(Role::Packer));
}

#[test]
fn counter_runs_count_entries_only() {
    check_role("cora", Some(Role::Counter));
}

#[test]
fn viewer_changes_nothing() {
    check_role("vic", Some(Role::Viewer));
}

#[test]
fn a_stranger_changes_and_reads_nothing() {
    check_role("stranger", None);
}

#[test]
fn the_command_list_covers_every_kind() {
    let names: std::collections::BTreeSet<&str> =
        every_command().iter().map(|c| c.name()).collect();
    assert_eq!(names.len(), every_command().len(), "no kind twice");
    // 54 kinds today (a return with an order and one without are two; a kit's components,
    // a kit's return, assembling and taking apart made kits are four more; archiving and
    // bringing back are two); `expected_role` fails to compile when one is added.
    assert_eq!(names.len(), 57, "{names:?}");
}

/// A refusal by role names what was asked and the roles in the user's words, in English
/// and in Russian: no command name in snake_case, no stored role name.
#[test]
fn a_role_refusal_is_worded_for_people() {
    use stockroom::i18n::{self, Lang};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roles.redb");
    fixture(&path);
    let store = Store::open(&path).unwrap();
    let inv = LocalInventory::new(store, "vic").with_clock(Arc::new(|| NOW));
    let refused: Vec<Error> = every_command()
        .into_iter()
        .filter_map(|c| inv.execute(c).err())
        .collect();
    assert_eq!(
        refused.len(),
        every_command().len(),
        "a viewer runs nothing"
    );
    for lang in [Lang::Ru, Lang::En] {
        i18n::set_lang(lang);
        for e in &refused {
            let t = e.to_string();
            assert!(!t.contains('_'), "{t}");
            let (start, viewer) = match lang {
                Lang::En => ("", "has the role «viewer»"),
                Lang::Ru => ("Чтобы ", "у vic роль «наблюдатель»"),
            };
            assert!(t.starts_with(start), "{t}");
            assert!(t.contains(viewer), "{t}");
            assert!(
                t.chars().next().is_some_and(char::is_uppercase),
                "a sentence: {t}"
            );
        }
    }
    let start = refused
        .iter()
        .find(|e| matches!(e, Error::Forbidden { action, .. } if action == "count_start"))
        .unwrap();
    i18n::set_lang(Lang::Ru);
    assert_eq!(
        start.to_string(),
        "Чтобы начать инвентаризацию, нужна роль «владелец»; у vic роль «наблюдатель»"
    );
    let add = refused
        .iter()
        .find(|e| matches!(e, Error::Forbidden { action, .. } if action == "count_add"))
        .unwrap();
    i18n::set_lang(Lang::En);
    assert_eq!(
        add.to_string(),
        "Counting in a stocktake needs the role «counter» or «owner»; vic has the role «viewer»"
    );
    assert_eq!(
        start.to_string(),
        "Starting a stocktake needs the role «owner»; vic has the role «viewer»"
    );
}
