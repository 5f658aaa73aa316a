"""saferplaces etest: are two counts' rates different? (Poisson E-test)"""

from saferplaces.evidence.pvalues import format_p

NAME = "etest"
HINTS = {"confidence level": "--level", "exposures": "--exposure1, --exposure2"}
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
    # Imported here, not at the top: the API loads scipy, pandas and numba, and `saferplaces --help`
    # would wait for them (0.1 s to over 1 s, measured).
    from saferplaces.evidence import api

    result = api.poisson_rate_test(args.count1, args.count2, args.exposure1, args.exposure2,
                                   alternative=args.alternative, level=args.level)
    if args.json:
        print(api.to_json(result))
        return 0
    low, high = result.ratio_interval
    print(f"rate 1 = {result.rate1:.4g}, rate 2 = {result.rate2:.4g}, ratio {result.ratio:.3f} "
          f"({result.level:.0%} CI {low:.3f} to {high:.3f})")
    print(f"{result.method}, {result.alternative}: {format_p(result.p_value)}")
    return 0
