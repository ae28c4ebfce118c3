// Double-float ("df64") arithmetic for kernels whose branches must follow float64 exactly (SuperTrend, Parabolic
// SAR): a value is vec2(hi, lo) with hi + lo the number and |lo| <= ulp(hi)/2, about 48 significand bits.
// Error-free transformations: Knuth's two-sum (adds only, so fused multiply-add contraction cannot change it) and
// Dekker's two-product with the split done by masking the low 12 mantissa bits (no 4097*a trick that a compiler
// could contract), so every partial product is exact. The host packs each input column and each parameter as a
// (hi, lo) pair of float32 (shared/gpu/sweep-kernel.ts, spec.df64).

// opaque() (common.wgsl) hides each rounded result an error term is computed from, so that the compiler's
// algebra cannot cancel the error term to 0.

fn two_sum(a: f32, b: f32) -> vec2<f32> {
  let s = opaque(a + b);
  let bb = opaque(s - a);
  return vec2<f32>(s, (a - (s - bb)) + (b - bb));
}

fn quick_two_sum(a: f32, b: f32) -> vec2<f32> {
  let s = opaque(a + b);
  return vec2<f32>(s, b - (s - a));
}

fn df(x: f32) -> vec2<f32> { return vec2<f32>(x, 0.0); }

fn df_add(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  var s = two_sum(a.x, b.x);
  let t = two_sum(a.y, b.y);
  s.y += t.x;
  s = quick_two_sum(s.x, s.y);
  s.y += t.y;
  return quick_two_sum(s.x, s.y);
}

fn df_sub(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> { return df_add(a, -b); }

fn split12(a: f32) -> vec2<f32> {
  let hi = bitcast<f32>(bitcast<u32>(a) & 0xFFFFF000u);
  return vec2<f32>(hi, a - hi);
}

fn two_prod(a: f32, b: f32) -> vec2<f32> {
  let p = opaque(a * b);
  let sa = split12(a);
  let sb = split12(b);
  let err = ((sa.x * sb.x - p) + sa.x * sb.y + sa.y * sb.x) + sa.y * sb.y;
  return vec2<f32>(p, err);
}

fn df_mul(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  var p = two_prod(a.x, b.x);
  p.y += a.x * b.y + a.y * b.x;
  return quick_two_sum(p.x, p.y);
}

// Long division with two corrections: float32 `/` is only 2.5 ulp accurate in WGSL, the remainders fix that.
fn df_div(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let q1 = opaque(a.x / b.x);
  var r = df_sub(a, df_mul(b, df(q1)));
  let q2 = opaque(r.x / b.x);
  r = df_sub(r, df_mul(b, df(q2)));
  let q3 = opaque(r.x / b.x);
  return df_add(quick_two_sum(q1, q2), df(q3));
}

fn df_lt(a: vec2<f32>, b: vec2<f32>) -> bool { return a.x < b.x || (a.x == b.x && a.y < b.y); }
fn df_gt(a: vec2<f32>, b: vec2<f32>) -> bool { return df_lt(b, a); }
fn df_le(a: vec2<f32>, b: vec2<f32>) -> bool { return !df_lt(b, a); }
fn df_ge(a: vec2<f32>, b: vec2<f32>) -> bool { return !df_lt(a, b); }
fn df_eq(a: vec2<f32>, b: vec2<f32>) -> bool { return a.x == b.x && a.y == b.y; }
fn df_max(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> { return select(a, b, df_lt(a, b)); }
fn df_min(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> { return select(a, b, df_lt(b, a)); }

// Column c and parameter k of a df64 kernel: stored as (hi, lo) pairs of float32.
fn dcol(c: u32, instr: u32, t: u32) -> vec2<f32> { return vec2<f32>(col(2u * c, instr, t), col(2u * c + 1u, instr, t)); }
fn dparam(p: u32, k: u32) -> vec2<f32> { return vec2<f32>(param(p, 2u * k), param(p, 2u * k + 1u)); }
fn df_out(d: vec2<f32>) -> f32 { return d.x + d.y; }
