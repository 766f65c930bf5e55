/**
 * Maximum likelihood for paired comparisons, shared by the plain Bradley–Terry fit and the style-controlled one.
 *
 * Row r says models i = first[r] and j = second[r] met n = w_i + w_j + t times (t ties); each tie counts as half a
 * win for each side, so the credit of i is c = w_i + t/2. The probability that i is preferred is
 *   P(i ≻ j) = σ(θ_i − θ_j + x_r·β),   σ(d) = 1 / (1 + e^(−d)),
 * with θ the log-strengths (Bradley–Terry: π_i / (π_i + π_j) with π = e^θ) and x_r the row's covariates (none
 * for plain Bradley–Terry; style differences for style control). We maximise
 *   ℓ(θ, β) = Σ_r [ c·log σ(d_r) + (n − c)·log σ(−d_r) ] − (λ/2)·(‖θ‖² + ‖β‖²)
 * by Newton's method with step halving. The ridge λ makes ℓ strictly concave, so the maximum is unique and the
 * iteration converges from any start; it also keeps ratings finite when a model won every comparison it had.
 * Because the likelihood depends on θ only through differences, its gradient sums to zero over each connected
 * component, so at the maximum λ·Σ θ = 0 there: the ridge centres each component at zero by itself.
 *
 * The Hessian of the likelihood is singular along "add a constant to every θ of a component". We add
 * (1/m_c)·𝟙𝟙ᵀ on each component's block, which does not change the step inside the sum-zero subspace where
 * the iterates stay (they start there and every step stays there), and which makes λ = 0 workable too when the
 * plain maximum exists.
 */
export interface ComparisonRows {
  readonly modelCount: number;
  readonly first: Int32Array;
  readonly second: Int32Array;
  readonly firstWins: Float64Array;
  readonly secondWins: Float64Array;
  readonly ties: Float64Array;
  /** Number of covariates per row (0 for plain Bradley–Terry). */
  readonly covariateCount: number;
  /** Row-major, rows × covariateCount: the first model's value minus the second's (or a normalised difference). */
  readonly covariates: Float64Array;
}

export interface FitSettings {
  /** λ above; must be > 0 unless every component's plain maximum exists. */
  readonly ridge: number;
  /** Stop when no parameter moves by more than this (log-strength units; 1e-10 ≈ 2e-8 Elo points). */
  readonly tolerance: number;
  readonly maxIterations: number;
}

export interface FitOutcome {
  /** θ for each model, then β for each covariate. */
  readonly parameters: Float64Array;
  readonly iterations: number;
  readonly logLikelihood: number;
}

export class NoFiniteMaximumError extends Error {}

export class ComparisonModelFitter {
  private readonly size: number;
  private readonly matrix: Float64Array;
  private readonly gradient: Float64Array;
  private readonly step: Float64Array;
  private readonly candidate: Float64Array;

  constructor(
    private readonly rows: ComparisonRows,
    private readonly componentOf: Int32Array,
    private readonly componentSizes: readonly number[],
    private readonly settings: FitSettings,
  ) {
    this.size = rows.modelCount + rows.covariateCount;
    this.matrix = new Float64Array(this.size * this.size);
    this.gradient = new Float64Array(this.size);
    this.step = new Float64Array(this.size);
    this.candidate = new Float64Array(this.size);
  }

  /**
   * Fits the model to the given counts (the rows' own, or a bootstrap resample of them with the same pairs),
   * starting from `start` (zeros by default; the point estimate for bootstrap rounds, which then converge in
   * two or three steps).
   */
  maximise(firstWins: Float64Array, secondWins: Float64Array, ties: Float64Array, start?: Float64Array): FitOutcome {
    const parameters = start ? Float64Array.from(start) : new Float64Array(this.size);
    let objective = this.objective(parameters, firstWins, secondWins, ties);
    for (let iteration = 1; iteration <= this.settings.maxIterations; iteration++) {
      this.buildNewtonSystem(parameters, firstWins, secondWins, ties);
      if (!choleskyInPlace(this.matrix, this.size)) {
        throw new NoFiniteMaximumError('the likelihood has no finite maximum for these votes; fit with a ridge > 0');
      }
      solveWithCholesky(this.matrix, this.size, this.gradient, this.step);
      // Step halving: Newton's full step can overshoot far from the maximum; a shorter one always gains.
      let length = 1;
      let next = objective;
      for (;;) {
        for (let p = 0; p < this.size; p++) this.candidate[p] = parameters[p] + length * this.step[p];
        next = this.objective(this.candidate, firstWins, secondWins, ties);
        if (next >= objective - 1e-12 * (1 + Math.abs(objective))) break;
        length /= 2;
        if (length < 1e-12) break; // at the maximum to machine precision
      }
      let largest = 0;
      for (let p = 0; p < this.size; p++) {
        largest = Math.max(largest, Math.abs(this.candidate[p] - parameters[p]));
        parameters[p] = this.candidate[p];
      }
      objective = next;
      if (largest < this.settings.tolerance) return { parameters, iterations: iteration, logLikelihood: this.logLikelihoodOnly(objective, parameters) };
      if (!Number.isFinite(objective) || largest > 1e6) break;
    }
    throw new NoFiniteMaximumError(`the fit did not converge in ${this.settings.maxIterations} Newton steps; the likelihood may have no finite maximum — fit with a ridge > 0`);
  }

  /**
   * Refits counts close to those of a previous fit (a bootstrap resample) by the chord method: Newton steps that
   * reuse the Cholesky factor of the Hessian at `start` (from `factorAt`) instead of building and factoring a new
   * one, so a step costs O(rows + size²) instead of O(rows + size³). Resampled counts move the maximum little
   * and the Hessian less, so the iteration contracts fast (about 8 steps to 1e-10 on 100 models); if it does not,
   * the full Newton fit takes over. The answer is the same maximum either way, to the same tolerance.
   */
  refit(
    firstWins: Float64Array,
    secondWins: Float64Array,
    ties: Float64Array,
    start: Float64Array,
    factor: Float64Array,
    tolerance = this.settings.tolerance,
  ): FitOutcome {
    const parameters = Float64Array.from(start);
    let previous = Infinity;
    for (let iteration = 1; iteration <= 60; iteration++) {
      this.buildGradient(parameters, firstWins, secondWins, ties);
      solveWithCholesky(factor, this.size, this.gradient, this.step);
      let largest = 0;
      for (let p = 0; p < this.size; p++) {
        parameters[p] += this.step[p];
        largest = Math.max(largest, Math.abs(this.step[p]));
      }
      if (largest < tolerance) return { parameters, iterations: iteration, logLikelihood: Number.NaN };
      if (!(largest < previous * 0.9) && iteration > 3) break; // not contracting: leave it to Newton
      previous = largest;
    }
    return this.maximise(firstWins, secondWins, ties, start);
  }

  /** The Cholesky factor of the Newton matrix at `parameters` for these counts, for `refit`. */
  factorAt(parameters: Float64Array, firstWins: Float64Array, secondWins: Float64Array, ties: Float64Array): Float64Array {
    this.buildNewtonSystem(parameters, firstWins, secondWins, ties);
    if (!choleskyInPlace(this.matrix, this.size)) throw new NoFiniteMaximumError('the likelihood has no finite maximum for these votes; fit with a ridge > 0');
    return Float64Array.from(this.matrix);
  }

  private buildGradient(parameters: Float64Array, firstWins: Float64Array, secondWins: Float64Array, ties: Float64Array): void {
    const { first, second, covariateCount: k, covariates, modelCount: m } = this.rows;
    const g = this.gradient;
    for (let p = 0; p < this.size; p++) g[p] = -this.settings.ridge * parameters[p];
    // The bootstrap's inner loop: written out rather than through linearPredictor, which matters at 10⁷ rows.
    for (let r = 0; r < firstWins.length; r++) {
      const n = firstWins[r] + secondWins[r] + ties[r];
      if (n === 0) continue;
      const i = first[r];
      const j = second[r];
      let d = parameters[i] - parameters[j];
      for (let s = 0; s < k; s++) d += covariates[r * k + s] * parameters[m + s];
      const residual = firstWins[r] + ties[r] / 2 - n * sigmoid(d);
      g[i] += residual;
      g[j] -= residual;
      for (let s = 0; s < k; s++) g[m + s] += residual * covariates[r * k + s];
    }
  }

  private logLikelihoodOnly(objective: number, parameters: Float64Array): number {
    let squares = 0;
    for (let p = 0; p < this.size; p++) squares += parameters[p] * parameters[p];
    return objective + (this.settings.ridge / 2) * squares;
  }

  private linearPredictor(parameters: Float64Array, r: number): number {
    const { first, second, covariateCount, covariates, modelCount } = this.rows;
    let d = parameters[first[r]] - parameters[second[r]];
    for (let s = 0; s < covariateCount; s++) d += covariates[r * covariateCount + s] * parameters[modelCount + s];
    return d;
  }

  private objective(parameters: Float64Array, firstWins: Float64Array, secondWins: Float64Array, ties: Float64Array): number {
    let total = 0;
    for (let r = 0; r < firstWins.length; r++) {
      const credit = firstWins[r] + ties[r] / 2;
      const against = secondWins[r] + ties[r] / 2;
      const d = this.linearPredictor(parameters, r);
      total += credit * logSigmoid(d) + against * logSigmoid(-d);
    }
    let squares = 0;
    for (let p = 0; p < this.size; p++) squares += parameters[p] * parameters[p];
    return total - (this.settings.ridge / 2) * squares;
  }

  /** Fills `matrix` with −∇²ℓ plus the centring term and `gradient` with ∇ℓ. */
  private buildNewtonSystem(parameters: Float64Array, firstWins: Float64Array, secondWins: Float64Array, ties: Float64Array): void {
    const { first, second, covariateCount: k, covariates, modelCount: m } = this.rows;
    const size = this.size;
    const a = this.matrix;
    const g = this.gradient;
    a.fill(0);
    for (let p = 0; p < size; p++) {
      a[p * size + p] = this.settings.ridge;
      g[p] = -this.settings.ridge * parameters[p];
    }
    for (let i = 0; i < m; i++) {
      const c = this.componentOf[i];
      const share = 1 / this.componentSizes[c];
      for (let j = 0; j < m; j++) if (this.componentOf[j] === c) a[i * size + j] += share;
    }
    for (let r = 0; r < firstWins.length; r++) {
      const n = firstWins[r] + secondWins[r] + ties[r];
      if (n === 0) continue;
      const i = first[r];
      const j = second[r];
      const probability = sigmoid(this.linearPredictor(parameters, r));
      const residual = firstWins[r] + ties[r] / 2 - n * probability;
      const weight = n * probability * (1 - probability);
      g[i] += residual;
      g[j] -= residual;
      a[i * size + i] += weight;
      a[j * size + j] += weight;
      a[i * size + j] -= weight;
      a[j * size + i] -= weight;
      for (let s = 0; s < k; s++) {
        const xs = covariates[r * k + s];
        const col = m + s;
        g[col] += residual * xs;
        a[i * size + col] += weight * xs;
        a[col * size + i] += weight * xs;
        a[j * size + col] -= weight * xs;
        a[col * size + j] -= weight * xs;
        for (let t = 0; t < k; t++) a[col * size + m + t] += weight * xs * covariates[r * k + t];
      }
    }
  }
}

function sigmoid(d: number): number {
  return d >= 0 ? 1 / (1 + Math.exp(-d)) : Math.exp(d) / (1 + Math.exp(d));
}

function logSigmoid(d: number): number {
  return d >= 0 ? -Math.log1p(Math.exp(-d)) : d - Math.log1p(Math.exp(d));
}

/** Overwrites the lower triangle of the symmetric matrix with L, A = L·Lᵀ; false when A is not positive definite. */
function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let diagonal = a[rowJ + j];
    for (let k = 0; k < j; k++) diagonal -= a[rowJ + k] * a[rowJ + k];
    if (!(diagonal > 0)) return false;
    const pivot = Math.sqrt(diagonal);
    a[rowJ + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let sum = a[rowI + j];
      for (let k = 0; k < j; k++) sum -= a[rowI + k] * a[rowJ + k];
      a[rowI + j] = sum / pivot;
    }
  }
  return true;
}

function solveWithCholesky(l: Float64Array, n: number, b: Float64Array, x: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * x[k];
    x[i] = sum / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
}
