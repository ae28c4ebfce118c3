import { ensureFraction, InvalidValueError } from '../../model/index.ts';
import { SeededRandom } from '../../util/random.ts';
import type { FillModelConfig } from './types.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const ensureFraction_ = ensureFraction;
const InvalidValueError_ = InvalidValueError;
const SeededRandom_ = SeededRandom;

/**
 * Chance in fills, from a seeded generator (same seed and inputs -> same fills):
 * - a resting limit whose price is only touched (not crossed) fills with probability `probFillOnLimit`
 *   (queue position: others at our price may take the liquidity first);
 * - a market-type fill slips `slippageTicks` ticks against us with probability `probSlippage`.
 * Draws happen only in those two situations, so adding an unrelated order does not shift other draws.
 */
export class FillModel {
  readonly probFillOnLimit: number;
  readonly probSlippage: number;
  readonly slippageTicks: number;
  private readonly rng: SeededRandom;

  constructor(config: FillModelConfig = {}, seed = 0) {
    this.probFillOnLimit = ensureFraction_(config.probFillOnLimit ?? 1, 'fillModel.probFillOnLimit');
    this.probSlippage = ensureFraction_(config.probSlippage ?? 0, 'fillModel.probSlippage');
    this.slippageTicks = config.slippageTicks ?? 1;
    if (!Number.isInteger(this.slippageTicks) || this.slippageTicks < 0) {
      throw new InvalidValueError_(`fillModel.slippageTicks ${this.slippageTicks} must be an integer >= 0.`);
    }
    this.rng = new SeededRandom_(seed);
  }

  /** True when a touched limit fills (draws only when the probability is strictly between 0 and 1). */
  isLimitFilled(): boolean {
    return this.rng.chance(this.probFillOnLimit);
  }

  /** Ticks of adverse slippage for this market-type fill (0 or slippageTicks). */
  slippage(): number {
    if (this.slippageTicks === 0 || this.probSlippage === 0) return 0;
    return this.rng.chance(this.probSlippage) ? this.slippageTicks : 0;
  }
}
