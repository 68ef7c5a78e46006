<#
.SYNOPSIS
    Builds, tests and demonstrates CallbellPS.

.DESCRIPTION
    Build   dotnet build of CallbellPS.sln (warnings are errors); lays out out/Callbell.
    Test    Build, then the xunit suites and the Pester tests.
    Pester  The Pester tests alone, against out/Callbell (build first).
    Package Build (unless -NoBuild), then Publish-PSResource of out/Callbell (without PDBs, with
            the release notes of CHANGELOG.md's section for the manifest's version) into a local
            repository at -PackagePath: out/Callbell.<version>.nupkg, as the Gallery takes it.
    Demo    Build, then start the sandbox, connect, Get-CallbellContact -All | Export-Csv, change a
            tag in the file and send it back, register a webhook, send a message and wait until it
            is delivered, and receive the sandbox's signed deliveries with Receive-CallbellWebhook.
    Clean   Removes out/ and every bin/ and obj/.

.EXAMPLE
    ./build.ps1 -Task Demo

.EXAMPLE
    ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Package', 'Demo', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where the Pester task writes "passed failed skipped" for .ci/run to add up.
    [string] $PesterResultFile,

    # Package: the folder the .nupkg goes to. Default: out/.
    [string] $PackagePath = (Join-Path $PSScriptRoot 'out'),

    # Package: pack out/Callbell as it is, without building first.
    [switch] $NoBuild
)

$ErrorActionPreference = 'Stop'
$moduleFolder = Join-Path $PSScriptRoot 'out/Callbell'

function Invoke-Build {
    dotnet build (Join-Path $PSScriptRoot 'CallbellPS.sln') -c $Configuration -warnaserror -nologo -v minimal
    if ($LASTEXITCODE -ne 0) { throw "dotnet build failed (exit code $LASTEXITCODE)." }
}

# One test assembly after another: on two cores, suites running side by side slow each other's
# loopback servers and timers.
function Invoke-XunitTest {
    $failed = @()
    foreach ($project in Get-ChildItem (Join-Path $PSScriptRoot 'tests') -Recurse -Filter *.csproj) {
        dotnet test $project.FullName -c $Configuration --no-build -nologo
        if ($LASTEXITCODE -ne 0) { $failed += $project.BaseName }
    }
    if ($failed) { throw "xunit tests failed: $($failed -join ', ')." }
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

# A .nupkg is an OPC zip: the module's files at its root, a .nuspec, and the package parts NuGet
# clients expect. Built here with System.IO.Compression, so packing needs neither nuget.exe nor
# PowerShellGet. The tags are those Publish-Module writes, so gallery searches by command work.
function Invoke-Package {
    $manifestPath = Join-Path $moduleFolder 'Callbell.psd1'
    if (-not (Test-Path $manifestPath)) { throw "No module at ${moduleFolder}: build first (./build.ps1 -Task Build)." }
    $version = (Import-PowerShellDataFile $manifestPath).ModuleVersion
    $changelog = Get-Content (Join-Path $PSScriptRoot 'CHANGELOG.md') -Raw
    $section = [regex]::Match($changelog, "(?ms)^## $([regex]::Escape($version))\b[^\n]*\n(.*?)(?=^## |\z)")
    if (-not $section.Success) { throw "CHANGELOG.md has no '## $version' section for the manifest's version." }

    # PSResourceGet packs it as the gallery will take it (nuspec, tags for every command, content
    # types), from a copy that carries the release notes and leaves the debug symbols behind.
    $staging = Join-Path ([IO.Path]::GetTempPath()) ('callbell-publish-' + [guid]::NewGuid().ToString('N'))
    $staged = Join-Path $staging 'Callbell'
    $null = New-Item -ItemType Directory -Force -Path $PackagePath
    $feed = (Resolve-Path $PackagePath).Path
    $package = Join-Path $feed "Callbell.$version.nupkg"
    Remove-Item $package -ErrorAction SilentlyContinue
    $repository = 'CallbellBuild' + [guid]::NewGuid().ToString('N')
    try {
        $null = New-Item -ItemType Directory -Force -Path $staging
        Copy-Item $moduleFolder $staged -Recurse
        Get-ChildItem $staged -Recurse -Filter *.pdb | Remove-Item
        # Find-Command searches the Gallery by these tags; PSResourceGet does not add them itself.
        $manifest = Import-PowerShellDataFile $manifestPath
        $commands = @($manifest.CmdletsToExport) + @($manifest.FunctionsToExport)
        $tags = @($manifest.PrivateData.PSData.Tags) + 'PSIncludes_Cmdlet' + 'PSIncludes_Function' + @($commands | ForEach-Object { "PSCommand_$_" }) +
            @($manifest.CmdletsToExport | ForEach-Object { "PSCmdlet_$_" }) + @($manifest.FunctionsToExport | ForEach-Object { "PSFunction_$_" })
        Update-PSModuleManifest -Path (Join-Path $staged 'Callbell.psd1') -ReleaseNotes $section.Groups[1].Value.Trim() -Tags $tags
        Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
        Publish-PSResource -Path $staged -Repository $repository -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue
        Remove-Item $staging -Recurse -Force -ErrorAction SilentlyContinue
    }

    if (-not (Test-Path $package)) { throw "Publish-PSResource wrote no $package." }
    Write-Host ("Published Callbell {0} into the local repository {1} ({2:n0} KB)" -f $version, $feed, ((Get-Item $package).Length / 1KB))
    $package
}

function Invoke-Demo {
    $csv = Join-Path ([IO.Path]::GetTempPath()) 'callbell-contacts.csv'
    $script = @"
Import-Module '$(Join-Path $moduleFolder 'Callbell.psd1')' -Force
`$secret = 'whsec_demo_' + [guid]::NewGuid().ToString('N')
`$sandbox = Start-CallbellSandbox -Contacts 2000 -LatencyMs 25 -WebhookSecret `$secret -MessageStatusPaceMs 300
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
`$probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0); `$probe.Start(); `$port = `$probe.LocalEndpoint.Port; `$probe.Stop()
Write-Host "Register-CallbellWebhook -Url http://127.0.0.1:`$port/ (the sandbox delivers, signed, as Callbell does)" -ForegroundColor Cyan
Register-CallbellWebhook -Url "http://127.0.0.1:`$port/" -Event message_created, message_status_updated -Force | Format-Table Url, Subscriptions
Write-Host 'Send-CallbellMessage (its statuses move on by themselves, every 300 ms, as the service posts them)' -ForegroundColor Cyan
Send-CallbellMessage -To `$rows[0].PhoneNumber -Text 'Hello from CallbellPS' | Format-Table Uuid, Status, To
Write-Host 'Receive-CallbellWebhook -Port `$port -Secret `$secret -Count 4: the message, then its statuses as they happen, nobody polling (the sandbox retries until the listener is up)' -ForegroundColor Cyan
Receive-CallbellWebhook -Port `$port -Secret `$secret -Count 4 -TimeoutSec 30 |
    Format-Table Event, Verified, @{ n = 'Text or status'; e = { if (`$_.Payload.Text) { `$_.Payload.Text } else { `$_.Payload.Status } } }, @{ n = 'Contact'; e = { `$_.Payload.Contact.Name } }
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
        'Package' { if (-not $NoBuild) { Invoke-Build }; Invoke-Package }
        'Demo' { Invoke-Build; Invoke-Demo }
        'Clean' {
            Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $PSScriptRoot 'out')
            Get-ChildItem $PSScriptRoot -Recurse -Directory -Include bin, obj | Remove-Item -Recurse -Force
        }
    }
}
