//! Random numbers for the Monte Carlo forecast, written out here so that a
//! seed gives the same numbers on every machine and in every version of
//! milepost's dependencies: a generator per run ([`Rng`], xoshiro256++
//! seeded by SplitMix64 from the seed and the run's index), and the
//! distributions of a three-point estimate ([`Dist`]: PERT-Beta or
//! triangular).

/// SplitMix64's step: a well-mixed 64-bit value from a counter.
fn splitmix(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256++ (Blackman and Vigna): a run's own stream of numbers.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
    /// The second normal of the last Box–Muller pair, not used yet.
    spare: Option<f64>,
}

impl Rng {
    /// The generator of run `run` for `seed`: the same pair gives the same
    /// numbers, whichever thread runs it and whatever ran before.
    pub fn new(seed: u64, run: u64) -> Rng {
        let mut x = seed;
        let mixed = splitmix(&mut x);
        let mut y = mixed ^ run.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let s = [splitmix(&mut y), splitmix(&mut y), splitmix(&mut y), splitmix(&mut y)];
        Rng { s, spare: None }
    }

    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform on `[0, 1)`, with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal (Marsaglia's polar method: a pair from a point
    /// drawn in the unit disc, without trigonometry; the second is kept for
    /// the next call).
    fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        loop {
            let u = 2.0 * self.uniform() - 1.0;
            let v = 2.0 * self.uniform() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                let m = (-2.0 * s.ln() / s).sqrt();
                self.spare = Some(v * m);
                return u * m;
            }
        }
    }

    /// Gamma(`shape`, 1) for `shape >= 1` (Marsaglia and Tsang, 2000).
    fn gamma(&mut self, shape: f64) -> f64 {
        self.gamma_with(Gamma::new(shape))
    }

    /// Gamma of the constants `g` of its shape.
    fn gamma_with(&mut self, g: Gamma) -> f64 {
        let Gamma { d, c } = g;
        loop {
            let z = self.normal();
            let v = 1.0 + c * z;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = 1.0 - self.uniform();
            if u < 1.0 - 0.0331 * z.powi(4) || u.ln() < 0.5 * z * z + d * (1.0 - v + v.ln()) {
                return d * v;
            }
        }
    }

    /// Beta(`a`, `b`) for `a, b >= 1`: `X / (X + Y)` of two gammas.
    pub fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a);
        let y = self.gamma(b);
        x / (x + y)
    }
}

/// The constants of Marsaglia and Tsang's method for one shape `>= 1`,
/// worked out once per distribution rather than per sample.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Gamma {
    d: f64,
    c: f64,
}

impl Gamma {
    fn new(shape: f64) -> Gamma {
        let d = shape - 1.0 / 3.0;
        Gamma {
            d,
            c: 1.0 / (9.0 * d).sqrt(),
        }
    }
}

/// How a three-point estimate is read as a distribution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Shape {
    /// PERT-Beta: Beta(1 + 4(m−a)/(b−a), 1 + 4(b−m)/(b−a)) scaled to
    /// `[a, b]`; its mean is PERT's `(a + 4m + b) / 6`.
    #[default]
    Pert,
    /// Triangular on `[a, b]` with its peak at `m`.
    Triangular,
}

/// A feature's duration in working days, as a distribution over
/// `[low, high]` peaking at `likely`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dist {
    pub low: f64,
    pub likely: f64,
    pub high: f64,
    pub shape: Shape,
    /// PERT-Beta's parameters (unused for a triangle).
    alpha: f64,
    beta: f64,
    gammas: (Gamma, Gamma),
}

impl Dist {
    /// The distribution of `low`, `likely`, `high` (put in order, should
    /// they not be).
    pub fn new(low: f64, likely: f64, high: f64, shape: Shape) -> Dist {
        let (low, high) = (low.min(high), low.max(high));
        let likely = likely.clamp(low, high);
        let range = high - low;
        let (alpha, beta) = if range > 0.0 {
            (1.0 + 4.0 * (likely - low) / range, 1.0 + 4.0 * (high - likely) / range)
        } else {
            (1.0, 1.0)
        };
        Dist {
            low,
            likely,
            high,
            shape,
            alpha,
            beta,
            gammas: (Gamma::new(alpha), Gamma::new(beta)),
        }
    }

    /// Whether it can take more than one value.
    pub fn uncertain(&self) -> bool {
        self.high > self.low
    }

    pub fn sample(&self, rng: &mut Rng) -> f64 {
        let range = self.high - self.low;
        if range <= 0.0 {
            return self.low;
        }
        match self.shape {
            Shape::Pert => {
                let x = rng.gamma_with(self.gammas.0);
                let y = rng.gamma_with(self.gammas.1);
                self.low + range * x / (x + y)
            }
            Shape::Triangular => self.triangular(rng.uniform()),
        }
    }

    /// The triangle's quantile at `u`.
    fn triangular(&self, u: f64) -> f64 {
        let (a, m, b) = (self.low, self.likely, self.high);
        let range = b - a;
        if u * range < m - a {
            a + (u * range * (m - a)).sqrt()
        } else {
            b - ((1.0 - u) * range * (b - m)).sqrt()
        }
    }

    /// The mean.
    pub fn mean(&self) -> f64 {
        match self.shape {
            Shape::Pert => (self.low + 4.0 * self.likely + self.high) / 6.0,
            Shape::Triangular => (self.low + self.likely + self.high) / 3.0,
        }
    }

    /// The values below which a third and two thirds of its samples fall:
    /// the bounds of the low and the high third (sensitivity).
    pub fn thirds(&self) -> (f64, f64) {
        self.scale(self.unit_thirds())
    }

    /// What [`Dist::unit_thirds`] depends on: two distributions with the
    /// same key have the same thirds on `[0, 1]`.
    pub fn shape_key(&self) -> (u64, u64) {
        match self.shape {
            Shape::Pert => (self.alpha.to_bits(), self.beta.to_bits()),
            Shape::Triangular => {
                let range = self.high - self.low;
                let peak = if range > 0.0 {
                    (self.likely - self.low) / range
                } else {
                    0.0
                };
                (peak.to_bits(), u64::MAX)
            }
        }
    }

    /// The thirds ([`Dist::thirds`]) as shares of `[low, high]`.
    pub fn unit_thirds(&self) -> (f64, f64) {
        let range = self.high - self.low;
        if range <= 0.0 {
            return (0.0, 1.0);
        }
        match self.shape {
            Shape::Triangular => (
                (self.triangular(1.0 / 3.0) - self.low) / range,
                (self.triangular(2.0 / 3.0) - self.low) / range,
            ),
            Shape::Pert => beta_thirds(self.alpha, self.beta),
        }
    }

    /// Shares of `[low, high]` as values.
    pub fn scale(&self, (a, b): (f64, f64)) -> (f64, f64) {
        let range = self.high - self.low;
        (self.low + range * a, self.low + range * b)
    }
}

/// The unit thirds ([`Dist::unit_thirds`]) of `d`, worked out once per
/// shape ([`Dist::shape_key`]) in the process: a history forecasts hundreds
/// of plans whose estimates share a few dozen shapes, and each integration
/// costs some 4,000 powers.
pub fn unit_thirds_memo(d: &Dist) -> (f64, f64) {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Memo = Mutex<HashMap<(u64, u64), (f64, f64), foldhash::fast::FixedState>>;
    /// Shapes kept at most: a bound on memory for any plan or history.
    const MAX_SHAPES: usize = 1 << 16;
    static MEMO: OnceLock<Memo> = OnceLock::new();
    let memo = MEMO.get_or_init(Memo::default);
    let key = d.shape_key();
    // (A poisoned lock only means another thread panicked: the map is fine.)
    if let Some(t) = memo.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return *t;
    }
    let thirds = d.unit_thirds();
    let mut m = memo.lock().unwrap_or_else(|e| e.into_inner());
    if m.len() < MAX_SHAPES {
        m.insert(key, thirds);
    }
    thirds
}

/// The 1/3 and 2/3 quantiles of Beta(`a`, `b`), `a, b >= 1` (a bounded
/// density): its CDF by Simpson's rule on a fine grid, inverted linearly.
fn beta_thirds(a: f64, b: f64) -> (f64, f64) {
    const STEPS: usize = 1024;
    let density = |x: f64| x.powf(a - 1.0) * (1.0 - x).powf(b - 1.0);
    let h = 1.0 / STEPS as f64;
    let mut cdf = Vec::with_capacity(STEPS + 1);
    cdf.push(0.0);
    let mut total = 0.0;
    // Each step's right end is the next one's left end: the same point
    // (`h` is a power of two, so `k * h + h` is exactly `(k + 1) * h`),
    // evaluated once.
    let mut left = density(0.0);
    for k in 0..STEPS {
        let x = k as f64 * h;
        let right = density(x + h);
        total += h / 6.0 * (left + 4.0 * density(x + h / 2.0) + right);
        cdf.push(total);
        left = right;
    }
    let quantile = |q: f64| {
        let target = q * total;
        let k = cdf.partition_point(|&c| c < target).clamp(1, STEPS);
        let (c0, c1) = (cdf[k - 1], cdf[k]);
        let within = if c1 > c0 { (target - c0) / (c1 - c0) } else { 0.0 };
        ((k - 1) as f64 + within) * h
    };
    (quantile(1.0 / 3.0), quantile(2.0 / 3.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mean and variance of `n` samples.
    fn moments(n: usize, mut f: impl FnMut() -> f64) -> (f64, f64) {
        let xs: Vec<f64> = (0..n).map(|_| f()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        (mean, var)
    }

    #[test]
    fn the_same_seed_and_run_give_the_same_numbers_and_others_differ() {
        let take = |seed, run| {
            let mut r = Rng::new(seed, run);
            (0..4).map(|_| r.next_u64()).collect::<Vec<_>>()
        };
        assert_eq!(take(7, 3), take(7, 3));
        assert_ne!(take(7, 3), take(7, 4));
        assert_ne!(take(7, 3), take(8, 3));
    }

    /// The thirds by Simpson's rule written plainly, each step's three
    /// points evaluated anew: what `beta_thirds` must give to the bit, and
    /// what the memo gives for every shape, first asked or not.
    #[test]
    fn thirds_are_the_plain_integrals_and_the_memo_keeps_them() {
        fn plain(a: f64, b: f64) -> (f64, f64) {
            let f = |x: f64| x.powf(a - 1.0) * (1.0 - x).powf(b - 1.0);
            let h = 1.0 / 1024.0;
            let mut cdf = vec![0.0];
            for k in 0..1024 {
                let x = k as f64 * h;
                let last = cdf[k];
                cdf.push(last + h / 6.0 * (f(x) + 4.0 * f(x + h / 2.0) + f(x + h)));
            }
            let total = cdf[1024];
            let q = |q: f64| {
                let k = cdf.partition_point(|&c| c < q * total).clamp(1, 1024);
                let within = if cdf[k] > cdf[k - 1] {
                    (q * total - cdf[k - 1]) / (cdf[k] - cdf[k - 1])
                } else {
                    0.0
                };
                ((k - 1) as f64 + within) * h
            };
            (q(1.0 / 3.0), q(2.0 / 3.0))
        }
        for (low, likely, high) in [
            (1.0, 2.0, 9.0),
            (2.0, 4.0, 9.0),
            (3.0, 3.5, 4.0),
            (1.0, 8.0, 9.0),
            (2.0, 2.0, 2.0),
        ] {
            let d = Dist::new(low, likely, high, Shape::Pert);
            if high > low {
                assert_eq!(
                    beta_thirds(d.alpha, d.beta),
                    plain(d.alpha, d.beta),
                    "{low} {likely} {high}"
                );
            }
            assert_eq!(unit_thirds_memo(&d), d.unit_thirds());
            assert_eq!(unit_thirds_memo(&d), d.unit_thirds(), "asked again");
            let t = Dist::new(low, likely, high, Shape::Triangular);
            assert_eq!(unit_thirds_memo(&t), t.unit_thirds());
        }
    }

    #[test]
    fn uniform_numbers_have_the_uniform_mean_and_variance() {
        let n = 200_000;
        let mut r = Rng::new(1, 0);
        let (mean, var) = moments(n, || r.uniform());
        // Standard errors: of the mean sqrt(1/12 / n); of the variance
        // sqrt((1/80 - 1/144) / n) (the fourth central moment is 1/80).
        assert!((mean - 0.5).abs() < 4.0 * (1.0 / 12.0 / n as f64).sqrt(), "{mean}");
        assert!(
            (var - 1.0 / 12.0).abs() < 4.0 * ((1.0 / 80.0 - 1.0 / 144.0) / n as f64).sqrt(),
            "{var}"
        );
    }

    #[test]
    fn beta_samples_have_the_beta_mean_and_variance() {
        let n = 100_000;
        let mut r = Rng::new(2, 0);
        for (a, b) in [(1.0, 1.0), (2.0, 5.0), (5.0, 1.0), (3.4, 1.6)] {
            let (mean, var) = moments(n, || r.beta(a, b));
            let m = a / (a + b);
            let v = a * b / ((a + b) * (a + b) * (a + b + 1.0));
            // The variance of a variable in [0, 1] is at most 1/4 and its
            // fourth central moment at most 1/16: bounds for the errors.
            assert!((mean - m).abs() < 4.0 * (v / n as f64).sqrt(), "{a} {b}: {mean} vs {m}");
            assert!(
                (var - v).abs() < 4.0 * (1.0 / 16.0 / n as f64).sqrt(),
                "{a} {b}: {var} vs {v}"
            );
        }
    }

    #[test]
    fn thirds_split_the_samples_in_three() {
        let n = 60_000;
        for shape in [Shape::Pert, Shape::Triangular] {
            let d = Dist::new(3.0, 5.0, 12.0, shape);
            let (t1, t2) = d.thirds();
            let mut r = Rng::new(3, 0);
            let (mut low, mut high) = (0, 0);
            for _ in 0..n {
                let x = d.sample(&mut r);
                assert!((3.0..=12.0).contains(&x));
                low += usize::from(x < t1);
                high += usize::from(x > t2);
            }
            // Binomial(n, 1/3): standard error sqrt(n * 1/3 * 2/3).
            let tol = 4.0 * (n as f64 * 2.0 / 9.0).sqrt();
            assert!((low as f64 - n as f64 / 3.0).abs() < tol, "{shape:?} {low}");
            assert!((high as f64 - n as f64 / 3.0).abs() < tol, "{shape:?} {high}");
        }
    }

    #[test]
    fn a_point_is_certain_and_estimates_out_of_order_are_put_in_order() {
        let d = Dist::new(4.0, 4.0, 4.0, Shape::Pert);
        assert!(!d.uncertain());
        assert_eq!(d.sample(&mut Rng::new(0, 0)), 4.0);
        let d = Dist::new(9.0, 12.0, 3.0, Shape::Triangular);
        assert_eq!((d.low, d.likely, d.high), (3.0, 9.0, 9.0));
    }
}
