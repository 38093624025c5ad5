using System;
using System.Collections.Generic;
using System.Net;
using System.Text;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Http;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Errors;

public sealed class ErrorResponseReaderTests
{
    private static ServiceError Read(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        var map = new Dictionary<string, string>();
        foreach (var (name, value) in headers)
        {
            map[name] = value;
        }

        return ErrorResponseReader.Read(new ServiceResponse(status, map, Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void NeptuneErrorBody()
    {
        var error = Read(HttpStatusCode.NotFound,
            "{\"requestId\":\"body-req\",\"code\":\"MLResourceNotFoundException\",\"detailedMessage\":\"No training job with id job-1\"}");

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("MLResourceNotFoundException", error.ErrorCode);
        Assert.Equal("No training job with id job-1", error.DetailedMessage);
        Assert.Equal("body-req", error.RequestId);
    }

    [Fact]
    public void HeaderCodeWinsAndItsSuffixIsDropped()
    {
        var error = Read(HttpStatusCode.BadRequest,
            "{\"code\":\"BodyCode\",\"__type\":\"ns#TypeCode\",\"requestId\":\"body-req\"}",
            ("X-Amzn-ErrorType", "InvalidParameterException:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
            ("x-amzn-RequestId", "header-req"));

        Assert.Equal("InvalidParameterException", error.ErrorCode);
        Assert.Equal("header-req", error.RequestId);
    }

    [Theory]
    [InlineData("x-amzn-errortype")]
    [InlineData("X-AMZN-ERRORTYPE")]
    public void HeaderNamesAreCaseInsensitive(string name)
    {
        Assert.Equal("ThrottlingException", Read(HttpStatusCode.InternalServerError, "", (name, "aws.protocoltests#ThrottlingException:http://x")).ErrorCode);
    }

    [Fact]
    public void BodyCodeBeatsType()
    {
        Assert.Equal("BodyCode", Read(HttpStatusCode.BadRequest, "{\"__type\":\"com.amazon#TypeCode\",\"code\":\"BodyCode\"}").ErrorCode);
    }

    [Fact]
    public void TypeWithNamespaceIsUsedLast()
    {
        var error = Read(HttpStatusCode.BadRequest, "{\"__type\":\"com.amazonaws.neptunedata#BadRequestException\",\"message\":\"bad\"}");
        Assert.Equal("BadRequestException", error.ErrorCode);
        Assert.Equal("bad", error.DetailedMessage);
        Assert.Null(error.RequestId);
    }

    [Theory]
    [InlineData("{\"detailedMessage\":\"d\",\"message\":\"m\",\"Message\":\"M\"}", "d")]
    [InlineData("{\"Message\":\"M\",\"message\":\"m\",\"detailedMessage\":\"d\"}", "d")]
    [InlineData("{\"message\":\"m\"}", "m")]
    [InlineData("{\"Message\":\"M\"}", "M")]
    [InlineData("{\"message\":\"\"}", null)]
    [InlineData("{\"detailedMessage\":null,\"message\":\"m\"}", "m")]
    public void MessagePrecedence(string body, string? expected)
    {
        Assert.Equal(expected, Read(HttpStatusCode.BadRequest, body).DetailedMessage);
    }

    [Fact]
    public void NestedAndNonStringFieldsAreIgnored()
    {
        var error = Read(HttpStatusCode.BadRequest, "{\"details\":{\"code\":\"Inner\",\"requestId\":\"inner\"},\"code\":42,\"list\":[{\"code\":\"x\"}],\"__type\":\"Outer\"}");
        Assert.Equal("Outer", error.ErrorCode);
        Assert.Null(error.RequestId);
    }

    [Theory]
    [InlineData("<html><body><h1>502 Bad Gateway</h1></body></html>")]
    [InlineData("")]
    [InlineData("{\"code\":\"ConcurrentModificationException\",\"requestId\":\"r-1\",\"detailedMessage\":\"cut off he")]
    [InlineData("{\"code\":\"ConcurrentModificationException\"")]
    [InlineData("[\"code\",\"x\"]")]
    [InlineData("\"code\"")]
    [InlineData("null")]
    [InlineData("{\"code\":\"X\",}")]
    public void BodiesThatAreNotAWholeJsonObjectGiveNoCodeButKeepStatusAndBody(string body)
    {
        var error = Read(HttpStatusCode.BadGateway, body);

        Assert.Null(error.ErrorCode);
        Assert.Null(error.DetailedMessage);
        Assert.Null(error.RequestId);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal(body, error.ResponseBody);
    }

    [Fact]
    public void HeadersStillCountWhenTheBodyIsNotJson()
    {
        var error = Read(HttpStatusCode.ServiceUnavailable, "<html>busy</html>", ("x-amzn-RequestId", "req-9"), ("X-Amzn-ErrorType", "ThrottlingException"));
        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.Equal("req-9", error.RequestId);
        Assert.Equal("<html>busy</html>", error.ResponseBody);
    }

    [Theory]
    [InlineData("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError")]
    [InlineData("FooError:http://x", "FooError")]
    [InlineData("ns#FooError", "FooError")]
    [InlineData("  FooError  ", "FooError")]
    [InlineData("FooError", "FooError")]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("ns#", null)]
    [InlineData(":http://x", null)]
    [InlineData(null, null)]
    public void Sanitize(string? raw, string? expected)
    {
        Assert.Equal(expected, ErrorResponseReader.Sanitize(raw));
    }

    [Fact]
    public void ExceptionMessageHasCodeStatusAndRequestId()
    {
        var exception = new AwsServiceException(new ServiceError(HttpStatusCode.NotFound, "MLResourceNotFoundException", "No such job", "req-1", "{}"));

        Assert.Equal("MLResourceNotFoundException: No such job (HTTP 404 NotFound, request id req-1)", exception.Message);
        Assert.Equal("MLResourceNotFoundException", exception.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, exception.StatusCode);
        Assert.Equal("req-1", exception.RequestId);
        Assert.False(exception.Retryable);
    }

    [Fact]
    public void ExceptionMessageWithoutCodeShowsTheStartOfTheBody()
    {
        var html = "<html>\r\n<body>" + new string('x', 500) + "</body></html>";
        var exception = new AwsServiceException(new ServiceError(HttpStatusCode.BadGateway, null, null, null, html));

        Assert.StartsWith("The service returned an error: <html> <body>xxx", exception.Message, StringComparison.Ordinal);
        Assert.Contains("... (HTTP 502 BadGateway)", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", exception.Message, StringComparison.Ordinal);
        Assert.Equal(html, exception.ResponseBody);
    }

    [Fact]
    public void ExceptionMessageNeverThrows()
    {
        var odd = new AwsServiceException(new ServiceError((HttpStatusCode)599, "", "", "", null!));
        Assert.Contains("HTTP 599", odd.Message, StringComparison.Ordinal);
        Assert.Equal("", odd.ResponseBody);

        var surrogates = new AwsServiceException(new ServiceError(HttpStatusCode.BadRequest, null, null, null, new string('\uD83D', 300)));
        Assert.Contains("HTTP 400 BadRequest", surrogates.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentNullException>(() => new AwsServiceException(null!));
    }
}
