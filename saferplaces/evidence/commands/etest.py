"""saferplaces etest: are two counts' rates different? (Poisson E-test)"""

import json

NAME = "etest"
HELP = "Compare two Poisson rates with the E-test (Krishnamoorthy & Thomson 2004), e.g. crimes before and after"


def add_arguments(parser):
    parser.add_argument("count1", type=int, help="first count (e.g. crimes after)")
    parser.add_argument("count2", type=int, help="second count (e.g. crimes before)")
    parser.add_argument("--exposure1", type=float, default=1.0,
                        help="exposure of the first count: period length, population … (default 1)")
    parser.add_argument("--exposure2", type=float, default=1.0, help="exposure of the second count (default 1)")
    parser.add_argument("--alternative", choices=["two-sided", "greater", "less"], default="two-sided",
                        help="greater: rate1 > rate2; less: rate1 < rate2")
    parser.add_argument("--level", type=float, default=0.95, help="confidence level of the rate-ratio interval")
    parser.add_argument("--json", action="store_true")


def run(args) -> int:
    from saferplaces.evidence.errors import EvidenceError
    from saferplaces.evidence.poisson import e_test

    if not 0 < args.level < 1:
        raise EvidenceError("--level must be between 0 and 1, e.g. 0.95")
    try:
        result = e_test(args.count1, args.count2, args.exposure1, args.exposure2,
                        alternative=args.alternative, level=args.level)
    except ValueError as exc:
        raise EvidenceError(str(exc)) from None
    low, high = result.ratio_interval
    finite = lambda v: v if v != float("inf") else None  # noqa: E731 (JSON has no infinity)
    if args.json:
        print(json.dumps({
            "count1": result.count1, "exposure1": result.exposure1, "count2": result.count2,
            "exposure2": result.exposure2, "rate1": result.rate1, "rate2": result.rate2,
            "ratio": finite(result.ratio), "ratio_interval": [low, finite(high)], "level": result.level,
            "alternative": result.alternative, "p": result.p_value, "method": result.method,
        }, indent=2))
        return 0
    print(f"rate 1 = {result.rate1:.4g}, rate 2 = {result.rate2:.4g}, ratio {result.ratio:.3f} "
          f"({result.level:.0%} CI {low:.3f} to {high:.3f})")
    print(f"{result.method}, {result.alternative}: p = {result.p_value:.4g}")
    return 0
