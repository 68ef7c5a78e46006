<#
.SYNOPSIS
    Builds, tests and demonstrates CallbellPS.

.DESCRIPTION
    Build   dotnet build of CallbellPS.sln (warnings are errors); lays out out/Callbell.
    Test    Build, then the xunit suites and the Pester tests.
    Pester  The Pester tests alone, against out/Callbell (build first).
    Demo    Build, then start the sandbox, connect, Get-CallbellContact -All | Export-Csv, change a
            tag in the file and send it back, send a message and wait until it is delivered.
    Clean   Removes out/ and every bin/ and obj/.

.EXAMPLE
    ./build.ps1 -Task Demo

.EXAMPLE
    ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Demo', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where the Pester task writes "passed failed skipped" for .ci/run to add up.
    [string] $PesterResultFile
)

$ErrorActionPreference = 'Stop'
$moduleFolder = Join-Path $PSScriptRoot 'out/Callbell'

function Invoke-Build {
    dotnet build (Join-Path $PSScriptRoot 'CallbellPS.sln') -c $Configuration -warnaserror -nologo -v minimal
    if ($LASTEXITCODE -ne 0) { throw "dotnet build failed (exit code $LASTEXITCODE)." }
}

function Invoke-XunitTest {
    dotnet test (Join-Path $PSScriptRoot 'CallbellPS.sln') -c $Configuration --no-build -nologo
    if ($LASTEXITCODE -ne 0) { throw "xunit tests failed (exit code $LASTEXITCODE)." }
}

# Pester runs in a child process: the module's DLLs are then not locked in this session, and the
# tests import the freshly built module rather than one already loaded.
function Invoke-PesterTest {
    $hosts = @((Get-Process -Id $PID).Path)
    if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') {
        $windowsPowerShell = Get-Command powershell.exe -ErrorAction SilentlyContinue
        if ($windowsPowerShell) { $hosts += $windowsPowerShell.Source }
    }

    $totals = @(0, 0, 0)
    foreach ($shell in $hosts | Select-Object -Unique) {
        $resultFile = [IO.Path]::GetTempFileName()
        $script = @"
`$ErrorActionPreference = 'Stop'
if (-not (Get-Module -ListAvailable Pester | Where-Object Version -ge '5.3.0')) {
    throw 'Pester 5.3 or later is needed: Install-Module Pester -MinimumVersion 5.3 -Scope CurrentUser'
}
Import-Module Pester -MinimumVersion 5.3.0
`$env:CALLBELL_MODULE_PATH = '$moduleFolder'
`$config = New-PesterConfiguration
`$config.Run.Path = '$(Join-Path $PSScriptRoot 'tests/Pester')'
`$config.Run.PassThru = `$true
`$config.Output.Verbosity = 'Detailed'
`$result = Invoke-Pester -Configuration `$config
"`$(`$result.PassedCount) `$(`$result.FailedCount) `$(`$result.SkippedCount)" | Set-Content -Path '$resultFile'
"@
        Write-Host "== Pester in $shell"
        & $shell -NoProfile -NonInteractive -Command $script
        $counts = (Get-Content $resultFile -Raw).Trim() -split ' '
        Remove-Item $resultFile
        if ($counts.Count -ne 3) { throw "Pester did not report results in $shell." }
        for ($i = 0; $i -lt 3; $i++) { $totals[$i] += [int]$counts[$i] }
    }

    if ($PesterResultFile) { "$($totals[0]) $($totals[1]) $($totals[2])" | Set-Content -Path $PesterResultFile }
    if ($totals[1] -gt 0) { throw "$($totals[1]) Pester test(s) failed." }
}

function Invoke-Demo {
    $csv = Join-Path ([IO.Path]::GetTempPath()) 'callbell-contacts.csv'
    $script = @"
Import-Module '$(Join-Path $moduleFolder 'Callbell.psd1')' -Force
`$sandbox = Start-CallbellSandbox -Contacts 2000 -LatencyMs 25
Write-Host "Sandbox: `$(`$sandbox.BaseUri) (2,000 generated contacts, 25 ms a request)" -ForegroundColor Cyan
Get-CallbellConnection | Format-List UserName, UserEmail, BaseUri, Token
`$elapsed = Measure-Command { Get-CallbellContact -All | Export-Csv -Path '$csv' -NoTypeInformation -Encoding utf8 }
`$rows = Import-Csv -Path '$csv'
Write-Host ("Get-CallbellContact -All | Export-Csv: {0:n0} contacts in {1:n2} s -> $csv" -f `$rows.Count, `$elapsed.TotalSeconds) -ForegroundColor Cyan
`$rows | Select-Object -First 5 Name, PhoneNumber, Source, Tags, CustomFields | Format-Table -AutoSize
Write-Host 'Get-CallbellContact -Tag vip -Source whatsapp -First 3' -ForegroundColor Cyan
Get-CallbellContact -Tag vip -Source whatsapp -First 3
`$rows = Import-Csv -Path '$csv'
`$rows[0].Tags = ((@(`$rows[0].Tags -split ', ' | Where-Object { `$_ }) + 'customer') | Select-Object -Unique) -join ', '
`$rows | Export-Csv -Path '$csv' -NoTypeInformation -Encoding utf8
`$sandbox.Journal.Reset()
`$sandbox.Faults.Latency = [TimeSpan]::Zero
Import-Csv -Path '$csv' | Set-CallbellContact
`$patches = @(`$sandbox.Journal.Requests | Where-Object Method -eq 'PATCH')
Write-Host ("CSV round trip: added a tag in the file; Import-Csv | Set-CallbellContact read {0:n0} rows and sent {1} change: {2}" -f `$rows.Count, `$patches.Count, [Text.Encoding]::UTF8.GetString(`$patches[0].Body)) -ForegroundColor Cyan
Write-Host 'Send-CallbellMessage ... | Wait-CallbellMessage' -ForegroundColor Cyan
Send-CallbellMessage -To `$rows[0].PhoneNumber -Text 'Hello from CallbellPS' | Wait-CallbellMessage -TimeoutSec 10 | Format-Table Uuid, Status
Stop-CallbellSandbox
"@
    & (Get-Process -Id $PID).Path -NoProfile -Command $script
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
}

foreach ($step in $Task) {
    switch ($step) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Build; Invoke-XunitTest; Invoke-PesterTest }
        'Pester' { Invoke-PesterTest }
        'Demo' { Invoke-Build; Invoke-Demo }
        'Clean' {
            Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $PSScriptRoot 'out')
            Get-ChildItem $PSScriptRoot -Recurse -Directory -Include bin, obj | Remove-Item -Recurse -Force
        }
    }
}
