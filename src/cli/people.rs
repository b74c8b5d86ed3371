//! Who and where: `user list` and `location list`. Adding and removing are Commands:
//! `to_command.rs`.

use std::path::Path;

use super::open;
use super::table::{Col, print_list};
use crate::i18n::{self, text};
use crate::inventory::{Error, InventoryExt, LocationView, UserView};

pub fn users(db: &Path, json: bool) -> Result<i32, Error> {
    let rows = open(db)?.users()?;
    print_list(
        &rows,
        json,
        &[
            Col::left(text("col.who"), |u: &UserView| u.name.clone()),
            Col::left(text("col.role"), |u: &UserView| {
                u.role.map(i18n::role_text).unwrap_or("-").to_string()
            }),
        ],
    );
    Ok(0)
}

pub fn locations(db: &Path, json: bool) -> Result<i32, Error> {
    let rows = open(db)?.locations()?;
    print_list(
        &rows,
        json,
        &[
            Col::left(text("col.location"), |l: &LocationView| l.name.clone()),
            Col::left(text("col.default"), |l: &LocationView| {
                if l.default { "*".into() } else { String::new() }
            }),
        ],
    );
    Ok(0)
}
