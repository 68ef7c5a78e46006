<#
.SYNOPSIS
    Soaks -Journal the way a night's broadcast lives: 10,000 sends under random faults and several
    kills, re-run to completion; then the journal's size and open time at 100,000 entries.

.DESCRIPTION
    Soak: a sandbox at -LatencyMs (default 50) that, on sends, loses answers after acting, answers
    5xx after acting, answers 5xx without acting, drops connections mid-answer and answers 429,
    each at random. A pwsh process runs Import-Csv | Send-CallbellMessage -Journal and is killed
    from outside when the server has acted on a random number of sends, -Kills times; then the
    same command runs again until one run ends by itself. Prints:
      - sends per recipient as the server acted on them: how many recipients got 0, 1 and 2+
        (2+ must be 0);
      - the recipients the last run named as unknown, against what could make one unknown: the
        answers the sandbox lost after acting plus the requests in flight at each kill;
      - the 429s the server answered (the killed runs' last seconds still count against the next).

    Size and open time: a journal of 100,000 items (each started and done), opened by a real run
    of Send-CallbellMessage over one row in a fresh process, against the same command without
    -Journal in the same run (the baseline): wall time and peak working set, and their ratios.

.EXAMPLE
    pwsh ./bench/Invoke-JournalSoakBenchmark.ps1
.EXAMPLE
    pwsh ./bench/Invoke-JournalSoakBenchmark.ps1 -Rows 2000 -Kills 2 -SkipOpen
#>
[CmdletBinding()]
param(
    [int] $Rows = 10000,
    [int] $Kills = 4,
    [int] $LatencyMs = 50,
    [double] $FaultRate = 0.01,
    [int] $JournalEntries = 100000,
    [switch] $SkipSoak,
    [switch] $SkipOpen,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Callbell/Callbell.psd1')
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath -Force
$pwsh = (Get-Process -Id $PID).Path
$work = Join-Path ([IO.Path]::GetTempPath()) "callbell-soak-$(New-Guid)"
$null = New-Item -ItemType Directory -Path $work

function Start-Run($sandbox, [string] $csv, [string] $journal, [string] $out) {
    $command = "Import-Module '$ModulePath'; Connect-Callbell -BaseUri '$($sandbox.BaseUri)' -Token (ConvertTo-SecureString '$($sandbox.Token)' -AsPlainText -Force) -SkipValidation; Import-Csv '$csv' | Send-CallbellMessage -Text 'Tonight''s broadcast' -Journal '$journal' -ErrorAction SilentlyContinue 3>&1 | ForEach-Object { `"`$_`" }"
    Start-Process $pwsh -ArgumentList '-NoProfile', '-NonInteractive', '-Command', $command -PassThru -RedirectStandardOutput $out -RedirectStandardError "$out.err"
}

if (-not $SkipSoak) {
    $sandbox = Start-CallbellSandbox -Contacts 0 -LatencyMs $LatencyMs -NoConnect
    foreach ($kind in 'DropAfterRequest', 'ServerErrorAfterActing', 'ServerError', 'DropConnection', 'RateLimit') {
        $rule = [Callbell.Sandbox.Faults.FaultRule]::new($kind)
        $rule.Method = 'POST'; $rule.Path = '/v1/messages/send'; $rule.Probability = $FaultRate; $rule.Status = 503
        $null = $sandbox.Faults.Add($rule)
    }
    $csv = Join-Path $work 'broadcast.csv'
    $journal = Join-Path $work 'broadcast.journal'
    1..$Rows | ForEach-Object { [pscustomobject]@{ PhoneNumber = '+39351{0:D7}' -f $_ } } | Export-Csv -Path $csv -NoTypeInformation
    $acted = { @($sandbox.Journal.Acted | Where-Object Path -eq '/v1/messages/send').Count }

    $clock = [Diagnostics.Stopwatch]::StartNew()
    $killAt = 1..$Kills | ForEach-Object { Get-Random -Minimum 100 -Maximum ($Rows - 100) } | Sort-Object
    $inFlightAtKills = 0
    foreach ($at in $killAt) {
        $process = Start-Run $sandbox $csv $journal (Join-Path $work "kill-$at.txt")
        while ((& $acted) -lt $at -and -not $process.HasExited) { Start-Sleep -Milliseconds 2 }
        $inFlightAtKills += $sandbox.Journal.InFlight
        Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
        $null = $process.WaitForExit(10000)
    }

    # Then the same command until it has done all it can: a run after the kills does what is left,
    # one more retries what the server refused; each names what it will not repeat.
    $runs = 0
    foreach ($run in 1..2) {
        $runs++
        $out = Join-Path $work "run-$runs.txt"
        $process = Start-Run $sandbox $csv $journal $out
        $null = $process.WaitForExit(600000)
        $said = Get-Content $out
    }
    $clock.Stop()

    $named = @($said | Select-String 'may or may not have done this \(message to \+(\d+)\)' | ForEach-Object { $_.Matches[0].Groups[1].Value })
    $perRecipient = @($sandbox.Journal.Acted | Where-Object Path -eq '/v1/messages/send' | Group-Object { (([Text.Encoding]::UTF8.GetString($_.Body) | ConvertFrom-Json).to) -replace '\D' } -NoElement)
    $twice = @($perRecipient | Where-Object Count -gt 1).Count
    $once = @($perRecipient | Where-Object Count -eq 1).Count
    $faults = $sandbox.Journal.FaultsInjected
    $lost = 0
    # Every answer that cannot say what happened: lost after acting, or a 5xx (acted or not, the client cannot tell).
    foreach ($kind in 'DropAfterRequest', 'ServerErrorAfterActing', 'DropConnection', 'ServerError') {
        $k = [Callbell.Sandbox.Faults.FaultKind]$kind
        if ($faults.ContainsKey($k)) { $lost += $faults[$k] }
    }
    $neverActed = $Rows - $once - $twice

    [pscustomobject]@{
        Rows                          = $Rows
        'Kills (at acted sends)'      = $killAt -join ', '
        'Runs after the kills'        = $runs
        'Recipients sent to twice'    = $twice
        'Recipients sent to once'     = $once
        'Recipients never sent to'    = $neverActed
        'Named unknown by last run'   = $named.Count
        'Never sent to and not named' = @(1..$Rows | ForEach-Object { '39351{0:D7}' -f $_ } | Where-Object { $_ -notin $perRecipient.Name -and $_ -notin $named }).Count
        'Lost or 5xx answers'         = $lost
        'In flight at the kills'      = $inFlightAtKills
        'Unknown / (lost + in flight)' = if ($lost + $inFlightAtKills) { [math]::Round($named.Count / ($lost + $inFlightAtKills), 2) } else { 0 }
        '429s answered'               = $sandbox.Journal.RateLimited
        'Faults injected'             = ($faults.GetEnumerator() | ForEach-Object { "$($_.Key) $($_.Value)" }) -join ', '
        Seconds                       = [math]::Round($clock.Elapsed.TotalSeconds, 1)
    } | Format-List
    $sandbox | Stop-CallbellSandbox
}

if (-not $SkipOpen) {
    # A journal as 100,000 sends leave it: a header, a run line, then "started" and "done" per item.
    $big = Join-Path $work 'big.journal'
    $writer = [IO.StreamWriter]::new($big, $false, [Text.UTF8Encoding]::new($false))
    $writer.Write('{"journal":"CallbellPS","version":2,"command":"Send-CallbellMessage","at":"2026-12-01T22:00:00.000Z"}' + "`n")
    $writer.Write('{"run":"2026-12-01T22:00:00.000Z","pid":1,"host":"bench","user":"bench"}' + "`n")
    $bytes = [byte[]]::new(16)
    for ($i = 0; $i -lt $JournalEntries; $i++) {
        [Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
        $key = [Convert]::ToBase64String($bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')
        $writer.Write('{"key":"' + $key + '","event":"started","at":"2026-12-01T22:00:01.000Z"}' + "`n")
        $writer.Write('{"key":"' + $key + '","event":"done","at":"2026-12-01T22:00:01.050Z"}' + "`n")
    }
    $writer.Dispose()

    $sandbox = Start-CallbellSandbox -Contacts 0 -NoConnect
    function Measure-Open([string] $journalArgument) {
        $script = "Import-Module '$ModulePath'; Connect-Callbell -BaseUri '$($sandbox.BaseUri)' -Token (ConvertTo-SecureString '$($sandbox.Token)' -AsPlainText -Force) -SkipValidation; `$null = Send-CallbellMessage -To '+393510000001' -Text 'x' -AllowDuplicateRecipient $journalArgument; `$c = [Diagnostics.Stopwatch]::StartNew(); `$null = Send-CallbellMessage -To '+393510000002' -Text 'x' $journalArgument; `$c.Elapsed.TotalMilliseconds; [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64"
        $out = & $pwsh -NoProfile -NonInteractive -Command $script
        [pscustomobject]@{ Milliseconds = [double]$out[-2]; PeakMB = [math]::Round([double]$out[-1] / 1MB, 1) }
    }
    $copy = Join-Path $work 'big-copy.journal'
    Copy-Item $big $copy
    $baseline = Measure-Open ''
    $with = Measure-Open "-Journal '$copy'"
    [pscustomobject]@{
        'Journal entries'           = $JournalEntries
        'Journal size (MB)'         = [math]::Round((Get-Item $big).Length / 1MB, 1)
        'Send without -Journal (ms)' = [math]::Round($baseline.Milliseconds, 1)
        'Send opening it (ms)'      = [math]::Round($with.Milliseconds, 1)
        'Open time ratio'           = [math]::Round($with.Milliseconds / $baseline.Milliseconds, 1)
        'Peak MB without'           = $baseline.PeakMB
        'Peak MB with'              = $with.PeakMB
        'Peak memory ratio'         = [math]::Round($with.PeakMB / $baseline.PeakMB, 2)
    } | Format-List
    $sandbox | Stop-CallbellSandbox
}

Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
