using System.Text;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// ASCII sparklines (redis/redis src/sparkline.c, from antirez/aspark): a sequence of labelled samples drawn as
/// rows of <c>_o#</c> characters (filled mode, as LATENCY GRAPH uses), with each sample's label written vertically
/// below its column after one blank row.
/// </summary>
internal sealed class Sparkline
{
    private const string CharsetFill = "_o#";
    private const int LabelMarginTop = 1;

    private readonly List<(double Value, string? Label)> _samples = [];
    private double _min, _max;
    private int _labels;

    /// <summary>sparklineSequenceAddSample: an empty label counts as none.</summary>
    public void Add(double value, string? label)
    {
        label = string.IsNullOrEmpty(label) ? null : label;
        if (_samples.Count == 0)
        {
            _min = _max = value;
        }
        else if (value < _min)
        {
            _min = value;
        }
        else if (value > _max)
        {
            _max = value;
        }
        _samples.Add((value, label));
        if (label is not null)
        {
            _labels++;
        }
    }

    /// <summary>sparklineRender with SPARKLINE_FILL: the samples in slices of <paramref name="columns"/>, a blank line between slices.</summary>
    public void Render(StringBuilder output, int columns, int rows)
    {
        for (int j = 0; j < _samples.Count; j += columns)
        {
            int length = Math.Min(_samples.Count - j, columns);
            if (j != 0)
            {
                output.Append('\n');
            }
            RenderRange(output, rows, j, length);
        }
    }

    /*
     * sparklineRenderRange: each sample is scaled to rows * 3 steps between the sequence's min and max; row by row
     * (top first) a column shows '#' under its level, one of "_o#" at it, blank above. Then the label rows: while
     * any label has a character left at that row (after LabelMarginTop blank rows), one more line.
     */
    private void RenderRange(StringBuilder output, int rows, int offset, int length)
    {
        double relmax = _max - _min;
        int steps = CharsetFill.Length * rows;
        if (relmax == 0)
        {
            relmax = 1;
        }
        var chars = new char[length];
        int row = 0;
        bool loop = true;
        while (loop)
        {
            loop = false;
            Array.Fill(chars, ' ');
            for (int j = 0; j < length; j++)
            {
                (double value, string? label) = _samples[j + offset];
                double relval = value - _min;
                // (int)(relval * steps) / relmax, truncated again as C assigns it to an int.
                int step = (int)((int)(relval * steps) / relmax);
                step = Math.Clamp(step, 0, steps - 1);
                if (row < rows)
                {
                    int charIndex = step - ((rows - row - 1) * CharsetFill.Length);
                    loop = true;
                    if (charIndex >= 0 && charIndex < CharsetFill.Length)
                    {
                        chars[j] = CharsetFill[charIndex];
                    }
                    else if (charIndex >= CharsetFill.Length)
                    {
                        chars[j] = '|';
                    }
                }
                else
                {
                    if (_labels != 0 && row - rows < LabelMarginTop)
                    {
                        loop = true;
                        break;
                    }
                    if (label is not null)
                    {
                        int labelChar = row - rows - LabelMarginTop;
                        if (label.Length > labelChar)
                        {
                            loop = true;
                            chars[j] = label[labelChar];
                        }
                    }
                }
            }
            if (loop)
            {
                row++;
                output.Append(chars).Append('\n');
            }
        }
    }
}
