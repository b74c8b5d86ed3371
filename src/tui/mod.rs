//! The terminal UI. It talks to stock only through the Inventory API; it never opens redb.

pub mod action;
pub mod app;
pub mod field;
pub mod form;
pub mod form_flow;
pub mod keymap;
pub mod narrow_score;
pub mod overlays;
pub mod panes;
pub mod scanner;
pub mod sku_index;
pub mod theme;
pub mod view;
pub mod words;

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use crossterm::event::{self, Event};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

use crate::i18n::fill;
use crate::inventory::connect::{Connection, Open, connect};
use crate::inventory::{Error, Inventory, InventoryExt};
use app::{App, Prompt};
use keymap::Keymap;

/// What wakes the loop.
pub enum Msg {
    Input(Event),
    /// SIGTERM, SIGHUP (the SSH link dropped), SIGINT.
    Signal,
    Tick,
    /// The server committed something (server mode).
    Changed,
    ServerGone,
    ServerBack,
    /// A background load finished.
    Loaded,
}

/// Opens the TUI on the database. Returns the exit code.
pub fn run(db: &Path, config_dir: Option<&Path>) -> Result<i32, Error> {
    // A bad keymap stops here, before the terminal is touched.
    let keymap = Keymap::load(crate::config::config_dir(config_dir).as_deref())?;
    let (tx, rx) = mpsc::channel::<Msg>();
    let user = crate::identity::current_user();
    let local = match connect(
        db,
        &user,
        Open::OrCreate {
            location: crate::i18n::text("cli.default_location"),
        },
        &crate::present::waiting_notice,
    )? {
        #[cfg(unix)]
        Connection::Served { inv, socket } => {
            let inv: Arc<dyn Inventory> = Arc::new(inv);
            let mut app = App::new(inv, keymap);
            app.wake = Some(tx.clone());
            app.reload();
            let ptx = tx.clone();
            crate::inventory::remote::subscribe(socket, move |c| {
                use crate::inventory::remote::Change;
                let m = match c {
                    Change::Committed { .. } => Msg::Changed,
                    Change::ServerGone => Msg::ServerGone,
                    Change::ServerBack => Msg::ServerBack,
                };
                ptx.send(m).is_ok()
            });
            return run_loop(app, tx, rx);
        }
        Connection::Local { inv, .. } => inv,
    };
    {
        // On PostgreSQL other processes write too: their commits redraw this screen.
        let ptx = tx.clone();
        let gone = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = gone.clone();
        local.follow_other_writers(
            move || stopped.load(std::sync::atomic::Ordering::Relaxed),
            move || {
                if ptx.send(Msg::Changed).is_err() {
                    gone.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            },
        );
    }
    let local = Arc::new(local);
    let inv: Arc<dyn Inventory> = local.clone();
    let mut app = App::new(inv.clone(), keymap);
    app.wake = Some(tx.clone());
    if inv.stats()?.skus == 0 {
        app.prompt = Some(Prompt::OfferDemo);
        let l = local.clone();
        app.demo_loader = Some(Box::new(move || {
            let spec = crate::demo::DemoSpec {
                skus: 300,
                days: 90,
                seed: 42,
                seasons: true,
            };
            crate::demo::generate(&l, &spec)
                .map(|s| {
                    fill(
                        "tui.demo_loaded",
                        &[&s.skus, &s.ledger_entries, &s.open_reservations],
                    )
                })
                .map_err(|e| e.to_string())
        }));
    }
    app.reload();
    run_loop(app, tx, rx)
}

fn run_loop(mut app: App, tx: mpsc::Sender<Msg>, rx: mpsc::Receiver<Msg>) -> Result<i32, Error> {
    // Signals first, so a SIGHUP during start-up is not lost.
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) {
            let tx = tx.clone();
            std::thread::spawn(move || {
                if signals.forever().next().is_some() {
                    let _ = tx.send(Msg::Signal);
                }
            });
        }
    }
    let mut terminal = ratatui::init();
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste);
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            while let Ok(ev) = event::read() {
                if tx.send(Msg::Input(ev)).is_err() {
                    break;
                }
            }
        });
    }
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(30));
                if tx.send(Msg::Tick).is_err() {
                    break;
                }
            }
        });
    }
    let mut result = Ok(0);
    loop {
        if app.dirty {
            app.dirty = false;
            let mut out = std::io::stdout();
            let _ = crossterm::queue!(out, BeginSynchronizedUpdate);
            let mut drawn = view::ViewState::default();
            app.sku_window();
            if let Err(e) = terminal.draw(|f| drawn = view::draw(f, &app)) {
                result = Err(Error::Store(crate::inventory::StoreErrorWire::Io(
                    e.to_string(),
                )));
                break;
            }
            app.apply_view(drawn);
            let _ = crossterm::queue!(out, EndSynchronizedUpdate);
            let _ = out.flush();
        }
        if app.demo_pending {
            app.load_pending_demo();
            continue;
        }
        if std::mem::take(&mut app.bell) {
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07");
            let _ = out.flush();
        }
        // Digits held to tell a scan from keys are settled when their gap has passed.
        let first = match app.keys_deadline() {
            Some(deadline) => {
                let wait = deadline.saturating_sub((app.clock)()) + 1;
                match rx.recv_timeout(Duration::from_millis(wait)) {
                    Ok(m) => m,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        app.settle_keys(false);
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
            None => match rx.recv() {
                Ok(m) => m,
                Err(_) => break,
            },
        };
        // Drain everything already waiting (a scanner burst) before drawing again.
        let mut batch = vec![first];
        while let Ok(m) = rx.try_recv() {
            batch.push(m);
        }
        // Several commits in one burst reload once.
        let mut reload = false;
        let inputs = batch.iter().filter(|m| matches!(m, Msg::Input(_))).count();
        let mut seen = 0;
        for m in batch {
            match m {
                Msg::Input(ev) => {
                    seen += 1;
                    app.more_waiting = seen < inputs;
                    app.handle_event(ev);
                    app.more_waiting = false;
                }
                Msg::Signal => app.quit = true,
                Msg::Changed => reload = true,
                Msg::ServerGone => {
                    app.status = Some(app::Status::Error(
                        crate::i18n::text("tui.server_gone").to_string(),
                    ));
                    app.dirty = true;
                }
                Msg::ServerBack => {
                    app.status = Some(app::Status::Info(
                        crate::i18n::text("tui.server_back").to_string(),
                    ));
                    reload = true;
                }
                Msg::Tick => {
                    app.now_ms = crate::inventory::clock::now_ms();
                    app.dirty = true;
                }
                Msg::Loaded => app.take_loaded(),
            }
            if app.quit {
                break;
            }
        }
        app.more_waiting = false;
        app.settle_filter();
        if app.quit {
            break;
        }
        if reload {
            app.reload();
        }
    }
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste);
    ratatui::restore();
    result
}
