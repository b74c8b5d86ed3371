/// mimalloc: imports and list loads allocate and free millions of small strings, where it
/// is markedly faster than the system allocator (see docs/performance.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let _ = color_eyre::install();
    // Text that cannot reach standard output (`println!` panics) is a lost output, said in
    // words with the storage exit code, not a crash report: the command's change is saved.
    let crash = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        match text.strip_prefix("failed printing to stdout: ") {
            Some(why) => stockroom::cli::output_lost(&why),
            None => crash(info),
        }
    }));
    std::process::exit(stockroom::cli::main_entry());
}
