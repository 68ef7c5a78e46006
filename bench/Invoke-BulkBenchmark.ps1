<#
.SYNOPSIS
    Measures the bulk engine in real PowerShell: how much of the account's rate budget pipeline
    input uses at real latencies, with default settings, as the server counts it; and whether
    memory stays flat as the input grows.

.DESCRIPTION
    Rate: at each latency (default 20, 50, 150 and 300 ms a request), Set-CallbellContact over
    changed rows (a read and a write each) and Get-CallbellContact over uuids, both with default
    settings, against an in-process sandbox that enforces the API's 300 requests a second. For
    each: the mean rate over the whole seconds after the first, as a share of the budget; the
    busiest one-second window at the server; and the 429s the server answered. One reference row
    runs at 150 ms with -ThrottleLimit 16, the fixed limit the module had before it adapted.

    Pacing: at each latency, the most requests that arrived within any 100 ms (an even share of
    the budget is 30; the target is at most 60).

    Two processes: two fresh pwsh processes on one account, as two overlapping runbooks would be
    (Import-Csv of 600 rows each | Set-CallbellContact at 50 ms), released together; prints the
    share of their requests the server refused with 429, their combined rate as a share of the
    budget, and the ratio of their times. Run twice: as shipped (the processes pace together
    through the account's budget file), and with the budget file out of reach
    ($env:CALLBELL_BUDGET_DIR unwritable: each process learns its share from the 429s alone).

    Journal: Set-CallbellContact over the same rows at 50 ms without a journal, and with -Journal
    on a disk where each flush costs 10 ms more (simulated), and the ratio of their rates.

    Memory: Import-Csv | Set-CallbellContact over 10,000 and over 100,000 changed rows, each in a
    fresh pwsh process, against a sandbox in its own process (so its data does not count), with
    the budget lifted; prints each process's peak working set and the ratio.

.EXAMPLE
    pwsh ./bench/Invoke-BulkBenchmark.ps1
.EXAMPLE
    pwsh ./bench/Invoke-BulkBenchmark.ps1 -LatencyMs 150 -SkipMemory
#>
[CmdletBinding()]
param(
    # Bounded so that "pwsh -File ... -LatencyMs 50,300", which binds the string "50,300" as the
    # number 50,300, is refused at once instead of running at fifty seconds a request.
    [ValidateRange(0, 5000)]
    [int[]] $LatencyMs = @(20, 50, 150, 300),
    [int] $Rows = 1200,
    [int[]] $MemoryRows = @(10000, 100000),
    [int] $SharedRows = 600,
    [ValidateRange(0, 5000)]
    [int] $SharedLatencyMs = 50,
    [int] $FlushCostMs = 10,
    [switch] $SkipMemory,
    [switch] $SkipRate,
    [switch] $SkipShared,
    [switch] $SkipJournal,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Callbell/Callbell.psd1')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$budget = 300

function Measure-Journal($sandbox, [double] $seconds) {
    $arrivals = @($sandbox.Journal.Requests | ForEach-Object ReceivedAt | Sort-Object)
    $first = $arrivals[0]
    $whole = [math]::Floor(($arrivals[-1] - $first).TotalSeconds)
    # The first second holds the initial burst the budget allows; the rate is what follows.
    $steady = if ($whole -ge 2) { @($arrivals | Where-Object { $_ -ge $first.AddSeconds(1) -and $_ -lt $first.AddSeconds($whole) }).Count / ($whole - 1) } else { [double]::NaN }
    [pscustomobject]@{
        Requests      = $arrivals.Count
        Seconds       = [math]::Round($seconds, 1)
        'Rate/s'      = [math]::Round($steady, 1)
        'Rate/budget' = [math]::Round($steady / $budget, 3)
        BusiestSecond = $sandbox.Journal.PeakRequestsPer([TimeSpan]::FromSeconds(1))
        Busiest100ms  = $sandbox.Journal.PeakRequestsPer([TimeSpan]::FromMilliseconds(100))
        '429s'        = $sandbox.Journal.RateLimited
    }
}

if (-not $SkipRate) {
    $sandbox = Start-CallbellSandbox -Contacts $Rows
    $uuids = (Get-CallbellContact -All).Uuid
    $lookups = $uuids + $uuids
    $results = foreach ($latency in $LatencyMs) {
        $sandbox.Faults.Latency = [TimeSpan]::FromMilliseconds($latency)
        foreach ($run in 'Set-CallbellContact (changed rows)', 'Get-CallbellContact (uuids)') {
            Start-Sleep -Seconds 2 # the budget of the run before has come back
            $sandbox.Journal.Reset()
            $clock = [Diagnostics.Stopwatch]::StartNew()
            if ($run -like 'Set*') {
                $uuids | ForEach-Object { [pscustomobject]@{ Uuid = $_; Note = "rate $latency $_" } } | Set-CallbellContact
            }
            else {
                $null = $lookups | Get-CallbellContact
            }
            $measured = Measure-Journal $sandbox $clock.Elapsed.TotalSeconds
            [pscustomobject]@{ LatencyMs = $latency; Run = $run } | Add-Member -PassThru -NotePropertyMembers ([ordered]@{
                    Requests = $measured.Requests; Seconds = $measured.Seconds; 'Rate/s' = $measured.'Rate/s'; 'Rate/budget' = $measured.'Rate/budget'
                    BusiestSecond = $measured.BusiestSecond; Busiest100ms = $measured.Busiest100ms; '429s' = $measured.'429s'
                })
        }
    }

    # Reference: the fixed limit of 16 the module had before, at 150 ms.
    $sandbox.Faults.Latency = [TimeSpan]::FromMilliseconds(150)
    Start-Sleep -Seconds 2
    $sandbox.Journal.Reset()
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $uuids | Select-Object -First 600 | ForEach-Object { [pscustomobject]@{ Uuid = $_; Note = "fixed $_" } } | Set-CallbellContact -ThrottleLimit 16
    $measured = Measure-Journal $sandbox $clock.Elapsed.TotalSeconds
    $reference = [pscustomobject]@{ LatencyMs = 150; Run = 'Set-CallbellContact -ThrottleLimit 16 (the old fixed limit)' } | Add-Member -PassThru -NotePropertyMembers ([ordered]@{
            Requests = $measured.Requests; Seconds = $measured.Seconds; 'Rate/s' = $measured.'Rate/s'; 'Rate/budget' = $measured.'Rate/budget'
            BusiestSecond = $measured.BusiestSecond; Busiest100ms = $measured.Busiest100ms; '429s' = $measured.'429s'
        })
    Stop-CallbellSandbox

    "Rate: default settings, budget $budget requests a second (the sandbox answers 429 past it), $Rows rows / $($Rows * 2) uuids"
    @($results) + $reference | Format-Table -AutoSize | Out-String -Width 200
    $worst = ($results | Measure-Object 'Rate/budget' -Minimum).Minimum
    $busiest = ($results | Measure-Object BusiestSecond -Maximum).Maximum
    $limited = ($results | Measure-Object '429s' -Sum).Sum
    $burst = ($results | Measure-Object Busiest100ms -Maximum).Maximum
    "lowest rate/budget {0:0.000} (target >= 0.85); busiest second {1} (target <= {2}); busiest 100 ms {4} (target <= 60); 429s {3} (target 0)" -f $worst, $busiest, $budget, $limited, $burst
    "default at 150 ms / -ThrottleLimit 16 at 150 ms: {0:0.0} x" -f (($results | Where-Object { $_.LatencyMs -eq 150 -and $_.Run -like 'Set*' }).'Rate/s' / $reference.'Rate/s')
    ''
}

if (-not $SkipShared) {
    # Two runbooks on one account, each its own pwsh process, released at the same moment.
    $sandbox = Start-CallbellSandbox -Contacts ($SharedRows * 2) -NoConnect
    $sandbox.Faults.Latency = [TimeSpan]::FromMilliseconds($SharedLatencyMs)
    $pwsh = (Get-Process -Id $PID).Path
    $work = Join-Path ([IO.Path]::GetTempPath()) ("callbell-shared-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $work
    $null = Start-CallbellSandbox -Contacts 0 -NoConnect # loads the generator that names the sandbox's contacts
    $child = @'
param($ModulePath, $BaseUri, $Token, $Csv, $Go, $Ready)
Import-Module $ModulePath
Connect-Callbell -BaseUri $BaseUri -Token (ConvertTo-SecureString $Token -AsPlainText -Force)
$rows = Import-Csv $Csv
$null = New-Item -ItemType File $Ready
while (-not (Test-Path $Go)) { Start-Sleep -Milliseconds 2 }
$clock = [Diagnostics.Stopwatch]::StartNew()
$rows | Set-CallbellContact -ErrorAction Stop
$clock.Elapsed.TotalSeconds
'@
    $childScript = Join-Path $work 'child.ps1'
    Set-Content -Path $childScript -Value $child
    $shared = foreach ($mode in 'budget file', '429s only') {
        $run = Join-Path $work ($mode -replace '\W', '')
        $null = New-Item -ItemType Directory $run
        foreach ($p in 0, 1) {
            # Each mode changes every row again, so each row is a read and a write.
            0..($SharedRows - 1) | ForEach-Object { [pscustomobject]@{ Uuid = [Callbell.Sandbox.Data.ContactGenerator]::UuidFor($p * $SharedRows + $_); Note = "$mode $p $_" } } |
                Export-Csv -Path (Join-Path $run "rows$p.csv") -NoTypeInformation
        }
        $before = $env:CALLBELL_BUDGET_DIR
        # A path under a file cannot be a folder: the budget file is out of reach.
        $env:CALLBELL_BUDGET_DIR = if ($mode -eq '429s only') { Join-Path $childScript 'none' } else { $before }
        Start-Sleep -Seconds 2
        $sandbox.Journal.Reset()
        $jobs = foreach ($p in 0, 1) {
            Start-Process $pwsh -ArgumentList '-NoProfile', '-NonInteractive', '-File', $childScript, $ModulePath, $sandbox.BaseUri.AbsoluteUri, $sandbox.Token, (Join-Path $run "rows$p.csv"), (Join-Path $run 'go'), (Join-Path $run "ready$p") -PassThru -RedirectStandardOutput (Join-Path $run "out$p.txt") -RedirectStandardError (Join-Path $run "err$p.txt")
        }
        $env:CALLBELL_BUDGET_DIR = $before
        while (-not ((Test-Path (Join-Path $run 'ready0')) -and (Test-Path (Join-Path $run 'ready1')))) { Start-Sleep -Milliseconds 20 }
        $sandbox.Journal.Reset() # Connect-Callbell's /auth/me are not the runs'
        $null = New-Item -ItemType File (Join-Path $run 'go')
        $jobs | Wait-Process
        foreach ($p in 0, 1) {
            $errors = Get-Content (Join-Path $run "err$p.txt") -Raw
            if ($errors) { Write-Warning "process $p ($mode): $errors" }
        }
        $times = foreach ($p in 0, 1) { [double](Get-Content (Join-Path $run "out$p.txt") | Select-Object -Last 1) }
        $requests = @($sandbox.Journal.Requests)
        $arrivals = @($requests | Where-Object { -not $_.OverBudget } | ForEach-Object ReceivedAt | Sort-Object)
        $span = ($arrivals[-1] - $arrivals[0]).TotalSeconds
        [pscustomobject]@{
            Mode            = $mode
            Requests        = $requests.Count
            '429 share'     = [math]::Round($sandbox.Journal.RateLimited / $requests.Count, 3)
            'Rate/budget'   = [math]::Round($arrivals.Count / $span / $budget, 3)
            'Seconds'       = ($times | ForEach-Object { [math]::Round($_, 2) }) -join ' / '
            'Slower/faster' = [math]::Round(($times | Measure-Object -Maximum).Maximum / ($times | Measure-Object -Minimum).Minimum, 2)
            Busiest100ms    = $sandbox.Journal.PeakRequestsPer([TimeSpan]::FromMilliseconds(100))
        }
    }
    Stop-CallbellSandbox
    Remove-Item $work -Recurse -Force
    "Two processes on one account: $SharedRows rows each | Set-CallbellContact at $SharedLatencyMs ms (a read and a write a row), budget $budget (the sandbox answers 429 past it)"
    $shared | Format-Table -AutoSize | Out-String -Width 200
    "targets: 429 share <= 0.05, rate/budget >= 0.85, slower/faster <= 1.25"
    ''
}

if (-not $SkipJournal) {
    $sandbox = Start-CallbellSandbox -Contacts $Rows
    $sandbox.Faults.Latency = [TimeSpan]::FromMilliseconds($SharedLatencyMs)
    $uuids = (Get-CallbellContact -All).Uuid
    $journalPath = Join-Path ([IO.Path]::GetTempPath()) ("callbell-bench-" + [guid]::NewGuid().ToString('N') + '.journal')
    $journalType = [Callbell.CallbellClient].Assembly.GetType('Callbell.Bulk.BulkJournal')
    $cost = $journalType.GetProperty('SimulatedFlushCost', [Reflection.BindingFlags]'Static,NonPublic')
    $runs = foreach ($mode in 'no journal', "-Journal, flush +$FlushCostMs ms") {
        Start-Sleep -Seconds 2
        $sandbox.Journal.Reset()
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $changes = $uuids | ForEach-Object { [pscustomobject]@{ Uuid = $_; Note = "$mode $_" } }
        if ($mode -eq 'no journal') {
            $changes | Set-CallbellContact
        }
        else {
            $cost.SetValue($null, [TimeSpan]::FromMilliseconds($FlushCostMs))
            try { $changes | Set-CallbellContact -Journal $journalPath } finally { $cost.SetValue($null, [TimeSpan]::Zero) }
        }
        $measured = Measure-Journal $sandbox $clock.Elapsed.TotalSeconds
        [pscustomobject]@{ Run = $mode; Requests = $measured.Requests; Seconds = $measured.Seconds; 'Rate/s' = $measured.'Rate/s'; 'Rate/budget' = $measured.'Rate/budget'; '429s' = $measured.'429s' }
    }
    Stop-CallbellSandbox
    Remove-Item $journalPath, "$journalPath.lock" -ErrorAction SilentlyContinue
    "Journal on a slow disk: $Rows rows | Set-CallbellContact at $SharedLatencyMs ms"
    $runs | Format-Table -AutoSize | Out-String -Width 200
    "with journal / without: {0:0.00} (rate)" -f ($runs[1].'Rate/s' / $runs[0].'Rate/s')
    ''
}

if (-not $SkipMemory) {
    $largest = ($MemoryRows | Measure-Object -Maximum).Maximum
    $sandboxDll = Get-ChildItem (Join-Path $PSScriptRoot '../src/Callbell.Sandbox.Cli/bin/Release') -Recurse -Filter callbell-sandbox.dll | Select-Object -First 1
    if (-not $sandboxDll) { throw 'Build first (./build.ps1): the sandbox host callbell-sandbox.dll was not found.' }
    $token = 'test_benchmarkmemory00000000000'
    $port = Get-Random -Minimum 20000 -Maximum 40000
    $server = Start-Process dotnet -ArgumentList $sandboxDll.FullName, '--contacts', $largest, '--requests-per-second', '0', '--port', $port, '--token', $token -PassThru -RedirectStandardOutput ([IO.Path]::GetTempFileName())
    try {
        $baseUri = "http://127.0.0.1:$port/v1/"
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ([DateTime]::UtcNow -lt $deadline) {
            try { $null = Invoke-RestMethod "${baseUri}auth/me" -Headers @{ Authorization = "Bearer $token" }; break } catch { Start-Sleep -Milliseconds 200 }
        }

        $null = Start-CallbellSandbox -Contacts 0 -NoConnect # loads the generator that names the sandbox's contacts
        $pwsh = (Get-Process -Id $PID).Path
        $memory = foreach ($count in $MemoryRows) {
            $csv = Join-Path ([IO.Path]::GetTempPath()) "callbell-bulk-$count.csv"
            0..($count - 1) | ForEach-Object { [pscustomobject]@{ Uuid = [Callbell.Sandbox.Data.ContactGenerator]::UuidFor($_); Note = "memory $count $_" } } | Export-Csv -Path $csv -NoTypeInformation
            $script = "Import-Module '$ModulePath'; Connect-Callbell -BaseUri '$baseUri' -Token (ConvertTo-SecureString '$token' -AsPlainText -Force) -RequestsPerSecond 10000 -SkipValidation; `$c = [Diagnostics.Stopwatch]::StartNew(); Import-Csv '$csv' | Set-CallbellContact -ErrorAction Stop; '{0} {1}' -f [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64, `$c.Elapsed.TotalSeconds"
            $peak, $seconds = (& $pwsh -NoProfile -NonInteractive -Command $script) -split ' '
            Remove-Item $csv
            [pscustomobject]@{ Rows = $count; Seconds = [math]::Round([double]$seconds, 1); 'Peak working set (MB)' = [math]::Round([double]$peak / 1MB, 1) }
        }
    }
    finally {
        Stop-Process -Id $server.Id -ErrorAction SilentlyContinue
        Stop-CallbellSandbox -ErrorAction SilentlyContinue
    }

    'Memory: Import-Csv | Set-CallbellContact, a fresh pwsh process each, sandbox in its own process'
    $memory | Format-Table -AutoSize | Out-String -Width 200
    if ($memory.Count -ge 2) {
        "peak at {0:n0} rows / peak at {1:n0} rows: {2:0.00} (target <= 1.3)" -f $memory[-1].Rows, $memory[0].Rows, ($memory[-1].'Peak working set (MB)' / $memory[0].'Peak working set (MB)')
    }
}
