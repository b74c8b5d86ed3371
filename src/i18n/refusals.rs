//! The words for refusals by the stock rules.

use super::errors::clash_text;
use super::{Lang, lang};
use crate::domain::Refusal;

pub fn refusal_text(r: &Refusal) -> String {
    match r {
        Refusal::InsufficientAvailable {
            available,
            requested,
        } => say!(
            "insufficient stock: {} available, {} requested; receive stock or release a reservation first",
            "недостаточно товара: доступно {}, запрошено {}; сначала оприходуйте товар или снимите резерв",
            available,
            requested
        ),
        Refusal::InsufficientDefective {
            defective,
            requested,
        } => say!(
            "insufficient defective units: {} defective, {} requested",
            "недостаточно брака: в браке {}, запрошено {}",
            defective,
            requested
        ),
        Refusal::InsufficientOnHand { on_hand, requested } => say!(
            "insufficient stock on hand: {} on hand, {} requested (the SKU is in shortage; recount or receive)",
            "недостаточно на складе: в наличии {}, запрошено {} (дефицит; пересчитайте или оприходуйте)",
            on_hand,
            requested
        ),
        Refusal::ReservationNotOpen { id, status } => say!(
            "reservation #{} is not open (it is {})",
            "резерв #{} не открыт (статус: {})",
            id,
            super::messages::status_text(*status)
        ),
        Refusal::ShipMoreThanRemaining {
            id,
            remaining,
            requested,
        } => say!(
            "reservation #{} holds {} more, cannot ship {}",
            "в резерве #{} осталось {}, нельзя отгрузить {}",
            id,
            remaining,
            requested
        ),
        Refusal::PickMoreThanRemaining {
            id,
            remaining,
            picked,
        } => say!(
            "reservation #{} is fully picked ({} of {})",
            "резерв #{} уже собран полностью ({} из {})",
            id,
            picked,
            remaining
        ),
        Refusal::WrongBarcode {
            id,
            expected,
            scanned,
        } => say!(
            "wrong item: scanned {}, reservation #{} needs {}",
            "не тот товар: отсканирован {}, для резерва #{} нужен {}",
            scanned,
            id,
            expected
        ),
        Refusal::AdjustBelowZero { on_hand, delta } => say!(
            "adjust would leave fewer than zero: {} on hand, change {}",
            "корректировка даст меньше нуля: в наличии {}, изменение {}",
            on_hand,
            delta
        ),
        Refusal::Shortage { code } => say!(
            "{} is in shortage (more reserved than on hand); receive stock or release orders before reserving or selling more (the owner may pass it with --force --reason TEXT)",
            "{}: дефицит (в резерве больше, чем в наличии); оприходуйте товар или снимите резервы, прежде чем резервировать или продавать (владелец может провести с --force --reason ТЕКСТ)",
            code
        ),
        Refusal::Overflow => say!(
            "the level would pass the limit of {} units at one location",
            "остаток превысит предел {} единиц на одном складе",
            crate::domain::limits::MAX_LEVEL
        ),
        Refusal::KitPartArchived { kit, component } => say!(
            "kit {} is not reserved or sold while its component {} is archived; `stockroom sku unarchive {}` brings the component back",
            "набор {} не резервируют и не продают, пока его компонент {} в архиве; `stockroom sku unarchive {}` вернёт компонент",
            kit,
            component,
            component
        ),
        Refusal::SkuArchived { code } => say!(
            "SKU {} is archived: it is no longer reserved, sold, ordered from suppliers or promoted; `stockroom sku unarchive {}` brings it back",
            "товар {} в архиве: его больше не резервируют, не продают, не заказывают у поставщиков и не ставят в акции; `stockroom sku unarchive {}` вернёт его",
            code,
            code
        ),
        Refusal::SameLocation => say!(
            "a transfer needs two different locations",
            "для перемещения нужны два разных склада"
        ),
        Refusal::NoLocationWithStock { requested } => say!(
            "no location has {} available",
            "ни на одном складе нет {} доступных",
            requested
        ),
        Refusal::DuplicateOrder { channel, order_ref } => say!(
            "order {} of {} already has a reservation for this SKU",
            "заказ {} канала {} уже имеет резерв на этот товар",
            order_ref,
            channel
        ),
        Refusal::CountSessionOpen { location, session } => say!(
            "count session #{} is already open at {}; finish or cancel it first",
            "на складе {1} уже идёт инвентаризация #{0}; завершите или отмените её",
            session,
            location
        ),
        Refusal::CountSessionClosed { session } => say!(
            "count session #{} is closed",
            "инвентаризация #{} закрыта",
            session
        ),
        Refusal::CountAlreadyApplied { code } => say!(
            "{} was already applied from this count; count it again in a new session",
            "{} уже проведён по этой инвентаризации; пересчитайте его в новой",
            code
        ),
        Refusal::CountNoConflict { session, code } => say!(
            "{1} is not in conflict by a movement after its count in count #{0}; apply it with `stockroom count apply {0} --only {1}`",
            "{1} не в конфликте из-за движения после подсчёта в инвентаризации #{0}; проведите его: `stockroom count apply {0} --only {1}`",
            session,
            code
        ),
        Refusal::CountBelowZero { session, code } => say!(
            "{1}: that choice would take on hand below 0; recount it: `stockroom count add {0} {1} QTY` with all that is on the shelf now",
            "{1}: при таком выборе остаток станет меньше 0; пересчитайте товар: `stockroom count add {0} {1} КОЛ` — всё, что сейчас на полке",
            session,
            code
        ),
        Refusal::NothingToUndo => say!("you have no entry to undo", "нет вашей записи для отмены"),
        Refusal::NotEmpty => say!(
            "the database is not empty; demo data goes only into an empty one (use --db with a new file)",
            "база не пуста; демо-данные загружаются только в пустую (укажите новый файл в --db)"
        ),
        Refusal::ChannelPaused { channel } => {
            say!("channel {} is paused", "канал {} приостановлен", channel)
        }
        Refusal::PoNotOpen { id } => say!(
            "purchase order #{} is not open",
            "заказ поставщику #{} не открыт",
            id
        ),
        Refusal::PoOverReceipt {
            id,
            code,
            outstanding: 0,
            ..
        } => say!(
            "{} is not on purchase order #{}; receive it with `stockroom receive`",
            "{} нет в заказе поставщику #{}; оприходуйте его через `stockroom receive`",
            code,
            id
        ),
        Refusal::PoOverReceipt {
            id,
            code,
            outstanding,
            requested,
        } => say!(
            "purchase order #{} expects {} more of {}, not {}; receive the extra with `stockroom receive`",
            "по заказу поставщику #{} ожидается ещё {} × {}, а не {}; лишнее оприходуйте через `stockroom receive`",
            id,
            outstanding,
            code,
            requested
        ),
        Refusal::LastOwner => say!(
            "this is the last owner; add another owner first",
            "это последний владелец; сначала добавьте другого"
        ),
        Refusal::NoOwnerYet => say!(
            "this database has no owner yet: it was still being made when the program stopped; \
             run `stockroom init` on it to finish it (you become its owner), or, if it was the \
             destination of a `stockroom migrate` that stopped, run that migrate again",
            "у этой базы ещё нет владельца: программа остановилась, пока база создавалась; \
             выполните для неё `stockroom init`, чтобы закончить (вы станете владельцем), или, если \
             в неё шёл остановленный `stockroom migrate`, выполните этот migrate снова"
        ),
        Refusal::OrderBelowShipped {
            order_ref,
            shipped,
            requested,
        } => say!(
            "order {} already shipped {} of this SKU; its quantity cannot become {}: take the rest back as a return",
            "по заказу {} этого товара уже отгружено {}; количество не может стать {}: оформите остаток как возврат",
            order_ref,
            shipped,
            requested
        ),
        Refusal::ShippedWithoutStock {
            channel,
            order_ref,
            sku,
            shipped,
            available,
        } => say!(
            "{} says order {} shipped {} of {}, but only {} are available here: receive or count that stock (`stockroom receive`, a stocktake), then import or sync the orders again",
            "{} сообщает, что заказ {} отгружен ({} шт. {}), но здесь доступно только {}: оприходуйте или пересчитайте этот товар (`stockroom receive`, инвентаризация) и снова импортируйте или синхронизируйте заказы",
            channel,
            order_ref,
            shipped,
            sku,
            available
        ),
        Refusal::AlreadyAt { id, location } => say!(
            "reservation #{} is at {} already; name another location with --to",
            "резерв #{} уже на складе {}; укажите другой склад в --to",
            id,
            location
        ),
        Refusal::MoveShort {
            id,
            location,
            available,
            requested,
        } => say!(
            "{} has {} available, reservation #{} needs {}: choose another location, or let it wait for stock with `stockroom reservation backorder {}`",
            "на складе {} доступно {}, резерву #{} нужно {}: выберите другой склад или оставьте его ждать поступления: `stockroom reservation backorder {}`",
            location,
            available,
            id,
            requested,
            id
        ),
        Refusal::KitCycle { code, component } if code == component => say!(
            "kit {} cannot contain itself; name its components, e.g. --kit TEA-001:1,CUP-01:2",
            "набор {} не может входить в самого себя; перечислите его состав, например --kit TEA-001:1,CUP-01:2",
            code
        ),
        Refusal::KitCycle { code, component } => say!(
            "{} is a kit, so it cannot go into kit {}: a kit is made of plain SKUs; name {}'s own components instead",
            "{} — набор, он не может входить в набор {}: наборы собираются из обычных товаров; перечислите вместо него состав {}",
            component,
            code,
            component
        ),
        Refusal::KitRepeatedComponent { code, component } => say!(
            "kit {} names {} twice; give it once with the total quantity (e.g. {}:2)",
            "в наборе {} товар {} указан дважды; укажите его один раз с общим количеством (например {}:2)",
            code,
            component,
            component
        ),
        Refusal::KitComponentCount { code, count, max } => say!(
            "kit {} has {} components; a kit needs 1 to {}",
            "в наборе {} компонентов: {}; нужно от 1 до {}",
            code,
            count,
            max
        ),
        Refusal::KitInUse { code, reservation } => say!(
            "the components of kit {} cannot change while reservation #{} of it is open; ship or release it first",
            "состав набора {} нельзя менять, пока открыт его резерв #{}; сначала отгрузите или снимите его",
            code,
            reservation
        ),
        Refusal::KitPartPicked {
            id,
            code,
            picked,
            need,
            rest,
        } => say!(
            "{} for reservation #{} is picked in full ({} of {}); still to scan: {}",
            "{} для резерва #{} уже собран полностью ({} из {}); осталось отсканировать: {}",
            code,
            id,
            picked,
            need,
            rest
        ),
        Refusal::KitNotMade { id, code, parts } => say!(
            "reservation #{} holds the components of kit {}, not a kit made ahead: scan its components one by one ({}); nothing was picked",
            "резерв #{} держит компоненты набора {}, а не собранный заранее набор: сканируйте его компоненты по одному ({}); ничего не собрано",
            id,
            code,
            parts
        ),
        Refusal::KitIsMade { id, code, scanned } => say!(
            "reservation #{} holds kits {} made ahead: scan the kit's own code or barcode, not its component {}; nothing was picked",
            "резерв #{} держит собранные заранее наборы {}: сканируйте код или штрихкод самого набора, а не его компонент {}; ничего не собрано",
            id,
            code,
            scanned
        ),
        Refusal::FiguresTooLarge => say!(
            "the sums of money in this report pass 92,233,720,368,547,758.07 and cannot be shown right; look for a price or cost with a typo (`sku list --json` shows them; `sku edit CODE --cost …` fixes one); `report margin` also takes a shorter period (--from, --to)",
            "суммы денег в этом отчёте превышают 92 233 720 368 547 758,07 и не могут быть показаны верно; поищите цену или себестоимость с опечаткой (их показывает `sku list --json`, исправляет `sku edit АРТИКУЛ --cost …`); `report margin` можно также взять за более короткий период (--from, --to)"
        ),
        Refusal::KitHasHistory { code } => say!(
            "the components of kit {} cannot change: it has been reserved or sold, and its history and returns are read with the components it has; add a new kit SKU with the new components and archive this one (`stockroom sku archive {}`)",
            "состав набора {} нельзя менять: его уже резервировали или продавали, а его история и возвраты читаются по нынешнему составу; заведите новый товар-набор с новым составом, а этот уберите в архив (`stockroom sku archive {}`)",
            code,
            code
        ),
        Refusal::KitIsComponent { code, kit } => say!(
            "{} is a component of kit {}, so it cannot become a kit itself; a kit is made of plain SKUs",
            "{} входит в набор {}, поэтому сам не может стать набором; наборы собираются из обычных товаров",
            code,
            kit
        ),
        Refusal::KitHasNoStock { code } => say!(
            "{} is a kit: its stock is its components'; receive, count, move or write off the components instead",
            "{} — набор: его остаток — это остаток его компонентов; оприходуйте, считайте, перемещайте или списывайте компоненты",
            code
        ),
        Refusal::KitCannotAssemble {
            code,
            component,
            available,
            needed,
        } => say!(
            "cannot assemble kit {}: it needs {} of {} here, and {} are available; receive more or assemble fewer",
            "нельзя собрать набор {}: нужно {} шт. {} здесь, а доступно {}; оприходуйте ещё или соберите меньше",
            code,
            needed,
            component,
            available
        ),
        Refusal::KitHasMadeKits { code, made } => say!(
            "the components of kit {} cannot change while {} made kits of it are on the shelf (they were made of the old ones); take them apart first: stockroom kit disassemble {} {}",
            "состав набора {} нельзя менять, пока на полке {} собранных наборов (они собраны по старому составу); сначала разберите их: stockroom kit disassemble {} {}",
            code,
            made,
            code,
            made
        ),
        Refusal::KitCannotDisassemble {
            code,
            made,
            requested,
        } => say!(
            "cannot take apart {} made kits of {}: {} made kits are available here (reserved ones stay made)",
            "нельзя разобрать {} собранных наборов {}: здесь доступно собранных {} (зарезервированные остаются собранными)",
            requested,
            code,
            made
        ),
        Refusal::KitHasStock { code } => say!(
            "{} has stock, reservations or movements of its own (receipts, sales, counts), so it cannot become a kit: a return of one of its orders would bring back components that never left; add the kit as a new SKU",
            "у {} есть свой остаток, резервы или движения (приходы, продажи, пересчёты), поэтому он не может стать набором: возврат его прежнего заказа вернул бы компоненты, которые не уходили; заведите набор новым товаром",
            code
        ),
        Refusal::NotInKit { code, component } => say!(
            "{} is not a component of kit {}; `stockroom sku show {}` lists them",
            "{} не входит в набор {}; состав показывает `stockroom sku show {}`",
            component,
            code,
            code
        ),
        Refusal::DefectivePartTwice { code, component } => say!(
            "{} is named twice with --defective-part in this return of kit {}; name each component once, with its one reason",
            "{} указан в --defective-part дважды в этом возврате набора {}; укажите каждый компонент один раз, с одной причиной",
            component,
            code
        ),
        Refusal::PoNeedsLines => say!(
            "a purchase order needs SKUs and quantities (`po create TEA-001 10 CUP-01 5`) or --from-alerts",
            "в заказе поставщику нужны товары и количества (`po create TEA-001 10 CUP-01 5`) или --from-alerts"
        ),
        Refusal::PoSupplierUnclear { missing, suppliers } if !missing.is_empty() => say!(
            "{} has no supplier: give --supplier NAME, or set it first (`sku edit {} --supplier NAME`)",
            "у {} не указан поставщик: добавьте --supplier ИМЯ или сначала укажите его (`sku edit {} --supplier ИМЯ`)",
            missing.join(", "),
            missing.first().map_or("", String::as_str)
        ),
        Refusal::PoSupplierUnclear { suppliers, .. } => say!(
            "these SKUs come from different suppliers ({}): order each supplier's SKUs apart, or give --supplier",
            "эти товары от разных поставщиков ({}): закажите товары каждого поставщика отдельно или добавьте --supplier",
            suppliers.join(", ")
        ),
        Refusal::CodeClash {
            code_of,
            barcode_of,
            value,
        } => clash_text(&crate::inventory::check::CodeClash {
            code_of: code_of.clone(),
            barcode_of: barcode_of.clone(),
            value: value.clone(),
        }),
        Refusal::ReturnMoreThanShipped {
            order_ref,
            channel,
            shipped: 0,
            requested,
            ..
        } => say!(
            "order {} of {} shipped none of this SKU, so {} cannot come back against it; check the \
             order number, or (owner) take a walk-in return with --no-order",
            "по заказу {} канала {} этот товар не отгружался, вернуть {} по нему нельзя; проверьте \
             номер заказа или (владелец) оформите возврат без заказа: --no-order",
            order_ref,
            channel,
            requested
        ),
        Refusal::ReturnMoreThanShipped {
            order_ref,
            channel,
            shipped,
            returned,
            requested,
        } => say!(
            "order {} of {} shipped {} of this SKU and {} came back already: at most {} more can be \
             returned, not {}",
            "по заказу {} канала {} отгружено {} шт. этого товара, уже возвращено {}: вернуть можно \
             ещё не больше {}, а не {}",
            order_ref,
            channel,
            shipped,
            returned,
            shipped.saturating_sub(*returned),
            requested
        ),
    }
}
