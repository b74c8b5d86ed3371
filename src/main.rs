/// mimalloc: imports and list loads allocate and free millions of small strings, where it
/// is markedly faster than the system allocator (see docs/performance.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let _ = color_eyre::install();
    std::process::exit(stockroom::cli::main_entry());
}
