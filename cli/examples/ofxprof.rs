fn main() {
    let bytes = tacit_core::sources::ofx::generate_ofx(100_000, 42);
    let t = std::time::Instant::now();
    for _ in 0..5 {
        let b = tacit_core::sources::ofx::import_ofx(&bytes).unwrap();
        std::hint::black_box(b);
    }
    eprintln!("parse x5 {:?}", t.elapsed());
}
