using System.Buffers;
using System.Text;
using static ChatDb.Grains.Search.CharacterFolding;

namespace ChatDb.Grains.Search;

/// <summary>
/// The tokenizer's loop. Folded terms are written into one pooled buffer, so enumerating allocates
/// nothing per token; <see cref="Token.Term"/> is only valid until the next <see cref="MoveNext"/>.
/// </summary>
public ref struct TokenEnumerator
{
    private readonly ReadOnlySpan<char> _text;
    private readonly int _minWordLength;
    private readonly int _maxTokenLength;
    private char[]? _buffer;
    private int _index;
    private int _nextPosition;
    private int _termLength;
    private int _position;
    private int _start;
    private int _length;

    internal TokenEnumerator(ReadOnlySpan<char> text, TokenizerOptions options)
    {
        _text = text;
        _minWordLength = options.MinWordLength;
        _maxTokenLength = options.MaxTokenLength;
    }

    public readonly Token Current => new(_buffer.AsSpan(0, _termLength), _position, _start, _length);

    public readonly TokenEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_index < _text.Length)
        {
            var start = _index;
            var c = _text[start];
            CharClass kind;
            int consumed;
            if (c < 0x80)
            {
                kind = IsAsciiLetterOrDigit(c) ? CharClass.Word : CharClass.Separator;
                consumed = 1;
            }
            else if (Rune.DecodeFromUtf16(_text[start..], out var rune, out consumed) == OperationStatus.Done)
            {
                kind = Classify(rune);
            }
            else
            {
                kind = CharClass.Separator; // a lone surrogate
            }

            if (kind is CharClass.Separator or CharClass.Mark)
            {
                _index += consumed;
                continue;
            }

            var end = start + consumed;
            if (kind == CharClass.Word)
            {
                end = ScanRun(end);
            }

            _index = end;
            var keep = Fold(_text[start..end], out var termLength);
            var position = _nextPosition++;
            if (!keep)
            {
                continue;
            }

            _termLength = termLength;
            _position = position;
            _start = start;
            _length = end - start;
            return true;
        }

        return false;
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    private static bool IsAsciiLetterOrDigit(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9;

    private readonly int ScanRun(int end)
    {
        while (end < _text.Length)
        {
            var c = _text[end];
            if (c < 0x80)
            {
                if (!IsAsciiLetterOrDigit(c))
                {
                    break;
                }

                end++;
                continue;
            }

            if (Rune.DecodeFromUtf16(_text[end..], out var next, out var width) != OperationStatus.Done)
            {
                break;
            }

            var kind = Classify(next);
            if (kind is not (CharClass.Word or CharClass.Mark))
            {
                break;
            }

            end += width;
        }

        return end;
    }

    /// <summary>Folds a run into the buffer; false when the result is empty or a dropped short word.</summary>
    private bool Fold(ReadOnlySpan<char> run, out int written)
    {
        EnsureCapacity(run.Length * 4 + 32);
        var w = 0;
        var lastBase = 0;
        var hasDigit = false;
        var alphabetic = true;
        var i = 0;
        while (i < run.Length)
        {
            var c = run[i];
            if (c < 0x80)
            {
                var lower = (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c;
                hasDigit |= (uint)(c - '0') <= 9;
                _buffer![w++] = lower;
                lastBase = lower;
                i++;
                continue;
            }

            Rune.DecodeFromUtf16(run[i..], out var rune, out var width);
            i += width;
            if (Classify(rune) == CharClass.Mark)
            {
                if (!IsFoldedMark(rune, lastBase))
                {
                    w = Append(rune, w, ref alphabetic);
                }

                continue;
            }

            if (Decompose(rune.Value) is { } folded)
            {
                foreach (var value in folded)
                {
                    var part = new Rune(value);
                    hasDigit |= Rune.IsDigit(part);
                    w = Append(Rune.ToLowerInvariant(part), w, ref alphabetic);
                    lastBase = value;
                }

                EnsureCapacity(w + (run.Length - i) * 4 + 32);
                continue;
            }

            hasDigit |= Rune.IsDigit(rune);
            w = Append(Rune.ToLowerInvariant(rune), w, ref alphabetic);
            lastBase = rune.Value;
        }

        if (w > _maxTokenLength)
        {
            w = char.IsHighSurrogate(_buffer![_maxTokenLength - 1]) ? _maxTokenLength - 1 : _maxTokenLength;
        }

        written = w;
        return w > 0 && (hasDigit || !alphabetic || w >= _minWordLength);
    }

    private readonly int Append(Rune rune, int w, ref bool alphabetic)
    {
        alphabetic &= rune.Value < 0x800;
        return w + rune.EncodeToUtf16(_buffer.AsSpan(w));
    }

    private void EnsureCapacity(int size)
    {
        if (_buffer is null)
        {
            _buffer = ArrayPool<char>.Shared.Rent(Math.Max(256, size));
        }
        else if (_buffer.Length < size)
        {
            var bigger = ArrayPool<char>.Shared.Rent(size);
            _buffer.CopyTo(bigger, 0);
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = bigger;
        }
    }
}
