# Loads the build of CallbellPS that fits this PowerShell: net8.0 for PowerShell 7.4+, and
# netstandard2.0 (with its own System.Text.Json) for Windows PowerShell 5.1.
if ($PSVersionTable.PSEdition -eq 'Core') {
    if ($PSVersionTable.PSVersion -lt [version]'7.4') {
        throw "CallbellPS needs PowerShell 7.4 or later, or Windows PowerShell 5.1; this is PowerShell $($PSVersionTable.PSVersion)."
    }
    $framework = 'net8.0'
}
else {
    $framework = 'netstandard2.0'
}

$binaryModule = Import-Module -Name ([IO.Path]::Combine($PSScriptRoot, $framework, 'Callbell.PowerShell.dll')) -PassThru -ErrorAction Stop

# Remove-Module Callbell also unloads the cmdlets.
$ExecutionContext.SessionState.Module.OnRemove = {
    Remove-Module -ModuleInfo $binaryModule -ErrorAction SilentlyContinue
}
