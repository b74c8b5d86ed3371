fn main() {
    let _ = color_eyre::install();
    std::process::exit(stockroom::cli::main_entry());
}
