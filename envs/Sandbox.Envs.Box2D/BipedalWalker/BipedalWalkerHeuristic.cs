using Sandbox.Core.Environments;

namespace Sandbox.Envs.Box2D.BipedalWalker;

/// <summary>
/// Gymnasium's scripted BipedalWalker gait (<c>BipedalWalkerHeuristics</c>, envs.md §6.2) with its
/// demo loop's timing: the first action after <see cref="Reset"/> is zeros and ignores the reset
/// observation; every later call maps the previous step's observation to the next action. The
/// arithmetic is float64 on the float32 observations, as NumPy 1.x evaluates it.
/// </summary>
public sealed class BipedalWalkerHeuristic : IReferenceController
{
    private const int StayOnOneLeg = 1, PutOtherDown = 2, PushOff = 3;
    private const double Speed = 0.29;
    private const double SupportKneeAngle = 0.1;

    private int _state;
    private int _movingLeg;
    private int _supportingLeg;
    private double _supportingKneeAngle;
    private bool _started;

    /// <summary>Creates the controller in its initial state.</summary>
    public BipedalWalkerHeuristic() => Reset();

    /// <inheritdoc />
    public void Reset()
    {
        _state = StayOnOneLeg;
        _movingLeg = 0;
        _supportingLeg = 1;
        _supportingKneeAngle = SupportKneeAngle;
        _started = false;
    }

    /// <inheritdoc />
    public int Act(ReadOnlySpan<float> observation, Span<float> continuous)
    {
        if (!_started)
        {
            // The demo loop steps with a = [0, 0, 0, 0] first; the reset observation is never used.
            _started = true;
            continuous[..4].Clear();
            return 0;
        }
        Span<double> action = stackalloc double[4];
        Next(observation, action);
        // Gymnasium hands the float64 array to step(); the action buffer here is float32, so a
        // motor torque can land one float ULP away from Gymnasium's (80·a is rounded once more).
        for (int i = 0; i < 4; i++)
        {
            continuous[i] = (float)action[i];
        }
        return 0;
    }

    /// <summary>One call of <c>step_heuristic(s)</c>: the float64 action for observation <paramref name="s"/>.</summary>
    public void Next(ReadOnlySpan<float> s, Span<double> action)
    {
        int movingBase = 4 + 5 * _movingLeg;
        int supportingBase = 4 + 5 * _supportingLeg;
        // NaN stands for Python's None; a target counts only if it is truthy (not None, not 0.0).
        Span<double> hipTarget = [double.NaN, double.NaN];
        Span<double> kneeTarget = [double.NaN, double.NaN];
        Span<double> hipTodo = [0.0, 0.0];
        Span<double> kneeTodo = [0.0, 0.0];

        if (_state == StayOnOneLeg)
        {
            hipTarget[_movingLeg] = 1.1;
            kneeTarget[_movingLeg] = -0.6;
            _supportingKneeAngle += 0.03;
            if (s[2] > Speed)
            {
                _supportingKneeAngle += 0.03;
            }
            _supportingKneeAngle = PythonMin(_supportingKneeAngle, SupportKneeAngle);
            kneeTarget[_supportingLeg] = _supportingKneeAngle;
            if (s[supportingBase] < 0.10)
            {
                _state = PutOtherDown;
            }
        }
        if (_state == PutOtherDown)
        {
            hipTarget[_movingLeg] = +0.1;
            kneeTarget[_movingLeg] = SupportKneeAngle;
            kneeTarget[_supportingLeg] = _supportingKneeAngle;
            if (s[movingBase + 4] != 0)
            {
                _state = PushOff;
                _supportingKneeAngle = PythonMin(s[movingBase + 2], SupportKneeAngle);
            }
        }
        if (_state == PushOff)
        {
            kneeTarget[_movingLeg] = _supportingKneeAngle;
            kneeTarget[_supportingLeg] = +1.0;
            if (s[supportingBase + 2] > 0.88 || s[2] > 1.2 * Speed)
            {
                // The targets set above keep the old leg indices, as in Gymnasium.
                _state = StayOnOneLeg;
                _movingLeg = 1 - _movingLeg;
                _supportingLeg = 1 - _movingLeg;
            }
        }

        if (Truthy(hipTarget[0]))
        {
            hipTodo[0] = 0.9 * (hipTarget[0] - s[4]) - 0.25 * s[5];
        }
        if (Truthy(hipTarget[1]))
        {
            hipTodo[1] = 0.9 * (hipTarget[1] - s[9]) - 0.25 * s[10];
        }
        if (Truthy(kneeTarget[0]))
        {
            kneeTodo[0] = 4.0 * (kneeTarget[0] - s[6]) - 0.25 * s[7];
        }
        if (Truthy(kneeTarget[1]))
        {
            kneeTodo[1] = 4.0 * (kneeTarget[1] - s[11]) - 0.25 * s[12];
        }

        hipTodo[0] -= 0.9 * (0 - (double)s[0]) - 1.5 * s[1]; // keep the hull level
        hipTodo[1] -= 0.9 * (0 - (double)s[0]) - 1.5 * s[1];
        kneeTodo[0] -= 15.0 * s[3]; // damp vertical oscillation
        kneeTodo[1] -= 15.0 * s[3];

        action[0] = Math.Clamp(0.5 * hipTodo[0], -1.0, 1.0);
        action[1] = Math.Clamp(0.5 * kneeTodo[0], -1.0, 1.0);
        action[2] = Math.Clamp(0.5 * hipTodo[1], -1.0, 1.0);
        action[3] = Math.Clamp(0.5 * kneeTodo[1], -1.0, 1.0);
    }

    private static bool Truthy(double target) => !double.IsNaN(target) && target != 0.0;

    // Python's min(a, b) returns a unless b < a.
    private static double PythonMin(double a, double b) => b < a ? b : a;
}
