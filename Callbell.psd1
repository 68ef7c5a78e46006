#
# Module manifest for CallbellPS: the PowerShell module for the Callbell messaging API.
# The build copies this file into out/Callbell, next to the root module and both builds.
#
@{
    RootModule             = 'Callbell.psm1'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Core', 'Desktop')
    GUID                   = 'e5e885d6-1ea6-46d0-a3f8-89bc2f3d2a6c'
    Author                 = 'CallbellPS contributors'
    CompanyName            = 'CallbellPS'
    Copyright              = '(c) 2026 CallbellPS contributors. MIT License.'
    Description            = 'Manage Callbell (WhatsApp, Instagram, Facebook, Telegram inboxes) from PowerShell: contacts and more, streamed to the pipeline with every page (-All), retries, rate limiting and a local sandbox for offline runbook tests.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('Callbell.Format.ps1xml')
    TypesToProcess         = @('Callbell.Types.ps1xml')
    CmdletsToExport        = @(
        'Connect-Callbell'
        'Disconnect-Callbell'
        'Get-CallbellConnection'
        'Get-CallbellRequestLog'
        'Clear-CallbellRequestLog'
        'Get-CallbellContact'
        'New-CallbellContact'
        'Set-CallbellContact'
        'Remove-CallbellContact'
        'Get-CallbellContactMessage'
        'Open-CallbellConversation'
        'Close-CallbellConversation'
        'Add-CallbellConversationNote'
        'Set-CallbellConversationFunnel'
        'Get-CallbellContactBot'
        'Start-CallbellContactBot'
        'Stop-CallbellContactBot'
        'Send-CallbellMessage'
        'Get-CallbellMessageStatus'
        'Wait-CallbellMessage'
        'Remove-CallbellMessage'
        'Invoke-CallbellRequest'
        'Get-CallbellChannel'
        'Set-CallbellChannel'
        'Get-CallbellTeam'
        'Set-CallbellTeam'
        'Get-CallbellTeamMember'
        'Get-CallbellTemplate'
        'Set-CallbellTemplate'
        'Get-CallbellFunnel'
        'Get-CallbellCustomStatus'
        'New-CallbellCustomStatus'
        'Set-CallbellCustomStatus'
        'Remove-CallbellCustomStatus'
        'Set-CallbellUserStatus'
        'Clear-CallbellUserStatus'
        'Get-CallbellPlan'
        'Register-CallbellWebhook'
        'Unregister-CallbellWebhook'
        'Get-CallbellWebhookEvent'
        'ConvertFrom-CallbellWebhook'
        'Receive-CallbellWebhook'
    )
    # The emulator's two commands load it on first use (see Callbell.psm1).
    FunctionsToExport      = @('Start-CallbellSandbox', 'Stop-CallbellSandbox')
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Callbell', 'WhatsApp', 'Instagram', 'Messenger', 'Telegram', 'Messaging', 'API', 'REST', 'CRM', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/callbellps/CallbellPS'
            LicenseUri   = 'https://github.com/callbellps/CallbellPS/blob/main/LICENSE'
            IconUri      = 'https://raw.githubusercontent.com/callbellps/CallbellPS/main/src/Callbell.PowerShell/Module/icon.png'
            ReleaseNotes = 'The whole Callbell API: contacts (cursor paging, CSV round trip), conversations, bots, messages, the account areas, webhooks (subscribe, receive, verify, parse) and Invoke-CallbellRequest; a sandbox of the API. See https://github.com/callbellps/CallbellPS/blob/main/CHANGELOG.md'
        }
    }
}
