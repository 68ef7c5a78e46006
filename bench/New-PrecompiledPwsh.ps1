<#
.SYNOPSIS
    Copies the running PowerShell into -Destination with its assemblies compiled ahead of time
    (ReadyToRun), as Microsoft's own packages ship them, for start-up measurements.

.DESCRIPTION
    A PowerShell built from source, or installed as the dotnet global tool, ships IL only: every
    session JIT-compiles PowerShell itself, and a fresh process's first command costs several
    times what it does in the packages most users install. Start-up figures taken there say more
    about that PowerShell than about the module. This script compiles each IL-only assembly of
    $PSHOME with crossgen2 for this operating system and architecture, against the runtime this
    PowerShell runs on, and leaves everything else as it was.

    The compiling is build.ps1's Precompile step, the one that precompiles the module.

.EXAMPLE
    ./bench/New-PrecompiledPwsh.ps1 -Destination /tmp/pwsh-r2r
    /tmp/pwsh-r2r/pwsh -NoProfile -File ./bench/Measure-Startup.ps1 -Runs 11
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $Destination
)

$ErrorActionPreference = 'Stop'
if (Test-Path $Destination) { throw "-Destination $Destination exists; give a new folder." }
& (Join-Path $PSScriptRoot '../build.ps1') -Task Precompile -Source $PSHOME -Destination $Destination
